// HLOP gradient projection (Xiao et al., ICLR 2024): G ← G (I − H_oldᵀ H_old), in two stages.
// STAGE 0, one invocation per (o, r < frozen): C[o, r] = G[o]·H[r].
// STAGE 1, one invocation per (o, i): G[o, i] −= Σ_r C[o, r] H[r, i]. CPU twin: projectGradient().

@group(0) @binding(0) var<uniform> s: SubspaceParams;
@group(0) @binding(1) var<storage, read> H: array<f32>;
@group(0) @binding(2) var<storage, read_write> G: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override STAGE: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let k = gid.x;
  if (STAGE == 0u) {
    if (k >= s.out * s.frozen) { return; }
    let o = k / s.frozen;
    let r = k % s.frozen;
    var d = 0.0;
    for (var i = 0u; i < s.n; i++) { d = d + G[o * s.n + i] * H[r * s.n + i]; }
    C[o * s.frozen + r] = d;
    return;
  }
  if (k >= s.out * s.n) { return; }
  let o = k / s.n;
  let i = k % s.n;
  var d = 0.0;
  for (var r = 0u; r < s.frozen; r++) { d = d + C[o * s.frozen + r] * H[r * s.n + i]; }
  G[k] = G[k] - d;
}
