// Input-layer gradient g1[h, i] = (1/B) Σ_b back[b, h] x[b, i]. CPU twin: accumulateGradients().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> back: array<f32>;
@group(0) @binding(3) var<storage, read_write> G1: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one input weight (h, i).
  let k = gid.x;
  if (k >= p.hidden * p.inputs) { return; }
  let h = k / p.inputs;
  let i = k % p.inputs;
  var s = 0.0;
  for (var b = 0u; b < p.batch; b++) { s = s + back[b * p.hidden + h] * X[b * p.inputs + i]; }
  G1[k] = s * p.invBatch;
}
