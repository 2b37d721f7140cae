// Readout gradient g2[c, h] = (1/B) Σ_b δ[b, c] a[b, h]. CPU twin: accumulateGradients().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> delta: array<f32>;
@group(0) @binding(3) var<storage, read_write> G2: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one readout weight (c, h).
  let k = gid.x;
  if (k >= 10u * p.hidden) { return; }
  let c = k / p.hidden;
  let h = k % p.hidden;
  var s = 0.0;
  for (var b = 0u; b < p.batch; b++) { s = s + delta[b * 10u + c] * A[b * p.hidden + h]; }
  G2[k] = s * p.invBatch;
}
