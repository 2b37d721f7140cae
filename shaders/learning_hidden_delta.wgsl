// A hidden layer's error through DSR's rate map a = clamp(u/θ, 0, 1): back[b, h] =
// (W_above[:, h]·above_b)/θ for 0 < u < θ, else 0; `above` is the readout's δ (N_ABOVE = 10) or
// the error of the hidden layer above. CPU twin: backpropagate().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> U: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;      // N_ABOVE × N
@group(0) @binding(3) var<storage, read> above: array<f32>;  // batch × N_ABOVE
@group(0) @binding(4) var<storage, read_write> back: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override N: u32 = 200u;       // neurons in this layer
override N_ABOVE: u32 = 10u;  // neurons in the layer above

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one (sample, neuron).
  let k = gid.x;
  if (k >= p.batch * N) { return; }
  let b = k / N;
  let h = k % N;
  let u = U[k];
  var s = 0.0;
  if (u > 0.0 && u < p.threshold) {
    for (var c = 0u; c < N_ABOVE; c++) { s = s + W[c * N + h] * above[b * N_ABOVE + c]; }
    s = s / p.threshold;
  }
  back[k] = s;
}
