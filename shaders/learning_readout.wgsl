// Readout and loss: logits = W·a_b (a: the last hidden layer's rates) over the sample's classes (a bit mask: multi-head), the
// prediction, and δ = softmax − onehot (0 outside the mask). CPU twin: softmaxDelta().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;       // 10 × N_IN
@group(0) @binding(3) var<storage, read> labels: array<u32>;      // per sample: label | classMask << 8
@group(0) @binding(4) var<storage, read_write> delta: array<f32>; // batch × 10
@group(0) @binding(5) var<storage, read_write> predicted: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;
override N_IN: u32 = 200u; // neurons in the last hidden layer

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one sample.
  let b = gid.x;
  if (b >= p.batch) { return; }
  let label = labels[b] & 0xffu;
  let mask = labels[b] >> 8u;
  var logits: array<f32, 10>;
  var best = 0u;
  var bestLogit = -3.4e38;
  for (var c = 0u; c < 10u; c++) {
    var s = 0.0;
    for (var h = 0u; h < N_IN; h++) { s = s + W[c * N_IN + h] * A[b * N_IN + h]; }
    logits[c] = s;
    if (((mask >> c) & 1u) == 1u && s > bestLogit) {
      bestLogit = s;
      best = c;
    }
  }
  predicted[b] = best;
  var z = 0.0;
  for (var c = 0u; c < 10u; c++) {
    if (((mask >> c) & 1u) == 1u) { z = z + exp(logits[c] - bestLogit); }
  }
  for (var c = 0u; c < 10u; c++) {
    var d = 0.0;
    if (((mask >> c) & 1u) == 1u) { d = exp(logits[c] - bestLogit) / z; }
    if (c == label) { d = d - 1.0; }
    delta[b * 10u + c] = d;
  }
}
