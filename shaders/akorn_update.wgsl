// One AKOrN step (Miyato et al., ICLR 2025) for oscillator i, from the field y_i of this state:
//   x_i ← normalize(x_i + γ(Ω_i x_i + y_i − ⟨y_i, x_i⟩ x_i)),
// Ω_i made of 2×2 blocks [[0, −ω], [ω, 0]]. CPU twin: akornStep().

@group(0) @binding(4) var<storage, read_write> state: array<f32>;
@group(0) @binding(5) var<storage, read> scratch: array<f32>; // field at phiAAt

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation moves oscillator i's unit vector.
  let i = gid.x;
  if (i >= p.n) { return; }
  let w = p.stateWidth;
  var dot = 0.0;
  for (var d = 0u; d < w; d++) { dot = dot + scratch[p.phiAAt + i * w + d] * state[i * w + d]; }
  var next: array<f32, 16>;
  var norm = 0.0;
  for (var b = 0u; b < p.blocks; b++) {
    let om = omegaOf(i, b);
    let x0 = state[i * w + 2u * b];
    let x1 = state[i * w + 2u * b + 1u];
    let n0 = x0 + p.gamma * (-om * x1 + scratch[p.phiAAt + i * w + 2u * b] - dot * x0);
    let n1 = x1 + p.gamma * (om * x0 + scratch[p.phiAAt + i * w + 2u * b + 1u] - dot * x1);
    next[2u * b] = n0;
    next[2u * b + 1u] = n1;
    norm = norm + n0 * n0 + n1 * n1;
  }
  let inv = inverseSqrt(norm);
  for (var d = 0u; d < w; d++) { state[i * w + d] = next[d] * inv; }
}
