// HLOP lateral subspace neurons, one Hebbian/anti-Hebbian iteration in three stages
// (Xiao et al., ICLR 2024): STAGE 0 per (b, r): Y = x_b·H[r] (optionally signed spike counts
// over lateralSteps); STAGE 1 per (b, i): R = x_b[i] − Σ_r Y[b, r] H[r, i]; STAGE 2 per
// (r ≥ frozen, i): g = clip((1/B) Σ_b Y[b, r] R[b, i], −10, 10), v ← μv + g, H ← H + η v.
// CPU twin: Subspace.learn().

@group(0) @binding(0) var<uniform> s: SubspaceParams;
@group(0) @binding(1) var<storage, read> X: array<f32>;      // batch × n
@group(0) @binding(2) var<storage, read_write> H: array<f32>;
@group(0) @binding(3) var<storage, read_write> vel: array<f32>;
@group(0) @binding(4) var<storage, read_write> Y: array<f32>; // batch × rows
@group(0) @binding(5) var<storage, read_write> R: array<f32>; // batch × n

override WORKGROUP_SIZE: u32 = 64u;
override STAGE: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let k = gid.x;
  if (STAGE == 0u) {
    if (k >= s.batch * s.rows) { return; }
    let b = k / s.rows;
    let r = k % s.rows;
    var y = 0.0;
    for (var i = 0u; i < s.n; i++) { y = y + H[r * s.n + i] * X[b * s.n + i]; }
    if (s.lateralSteps > 0u) {
      let q = f32(s.lateralSteps);
      y = sign(y) * floor(abs(y) * q) / q;
    }
    Y[k] = y;
    return;
  }
  if (STAGE == 1u) {
    if (k >= s.batch * s.n) { return; }
    let b = k / s.n;
    let i = k % s.n;
    var xh = 0.0;
    for (var r = 0u; r < s.rows; r++) { xh = xh + Y[b * s.rows + r] * H[r * s.n + i]; }
    R[k] = X[k] - xh;
    return;
  }
  let learning = s.rows - s.frozen;
  if (k >= learning * s.n) { return; }
  let r = s.frozen + k / s.n;
  let i = k % s.n;
  var g = 0.0;
  for (var b = 0u; b < s.batch; b++) { g = g + Y[b * s.rows + r] * R[b * s.n + i]; }
  g = clamp(g * s.invBatch, -10.0, 10.0);
  let v = s.momentum * vel[r * s.n + i] + g;
  vel[r * s.n + i] = v;
  H[r * s.n + i] = H[r * s.n + i] + s.learningRate * v;
}
