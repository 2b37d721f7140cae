// The gradient of one weight matrix, G[o, i] = (1/B) Σ_b err[b, o] pre[b, i]: err the errors of
// its postsynaptic layer (the readout's δ or a hidden layer's back), pre the presynaptic rates
// (the pixels or a hidden layer's a). CPU twin: BatchGradient.gradients().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> pre: array<f32>;  // batch × N_IN
@group(0) @binding(2) var<storage, read> err: array<f32>;  // batch × N_OUT
@group(0) @binding(3) var<storage, read_write> G: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override N_IN: u32 = 64u;
override N_OUT: u32 = 200u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one weight (o, i).
  let k = gid.x;
  if (k >= N_OUT * N_IN) { return; }
  let o = k / N_IN;
  let i = k % N_IN;
  var s = 0.0;
  for (var b = 0u; b < p.batch; b++) { s = s + err[b * N_OUT + o] * pre[b * N_IN + i]; }
  G[k] = s * p.invBatch;
}
