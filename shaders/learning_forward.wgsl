// Forward pass of the spiking MLP (DSR; Meng et al., CVPR 2022): for sample b and hidden neuron
// h, the current u = W1[h]·x_b drives an integrate-and-fire neuron for T steps (reset by
// subtraction); a = spike count / T. CPU twin: SpikingMlp.forward().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W1: array<f32>;
@group(0) @binding(3) var<storage, read_write> U: array<f32>;
@group(0) @binding(4) var<storage, read_write> A: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one (sample, hidden neuron).
  let k = gid.x;
  if (k >= p.batch * p.hidden) { return; }
  let b = k / p.hidden;
  let h = k % p.hidden;
  var s = 0.0;
  for (var i = 0u; i < p.inputs; i++) { s = s + W1[h * p.inputs + i] * X[b * p.inputs + i]; }
  var v = 0.0;
  var count = 0u;
  for (var t = 0u; t < p.steps; t++) {
    v = v + s;
    if (v >= p.threshold) {
      v = v - p.threshold;
      count++;
    }
  }
  U[k] = s;
  A[k] = f32(count) / f32(p.steps);
}
