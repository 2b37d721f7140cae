// Forward pass of the first hidden layer (DSR; Meng et al., CVPR 2022): for sample b and neuron h,
// the constant current u = W[h]·x_b drives an integrate-and-fire neuron for T steps (reset by
// subtraction); a = spike count / T. With RECORD, the spikes of each step go to S (batch × T × N_OUT)
// for the next layer. CPU twin: SpikingMlp.forward().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read_write> U: array<f32>;
@group(0) @binding(4) var<storage, read_write> A: array<f32>;
@group(0) @binding(5) var<storage, read_write> S: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override N_IN: u32 = 64u;   // pixels per image
override N_OUT: u32 = 200u; // neurons in this layer
override RECORD: bool = false;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one (sample, neuron).
  let k = gid.x;
  if (k >= p.batch * N_OUT) { return; }
  let b = k / N_OUT;
  let h = k % N_OUT;
  var s = 0.0;
  for (var i = 0u; i < N_IN; i++) { s = s + W[h * N_IN + i] * X[b * N_IN + i]; }
  var v = 0.0;
  var count = 0u;
  for (var t = 0u; t < p.steps; t++) {
    let spike = integrateAndFire(&v, s, p.threshold);
    count += u32(spike);
    if (RECORD) { S[(b * p.steps + t) * N_OUT + h] = spike; }
  }
  U[k] = s;
  A[k] = f32(count) / f32(p.steps);
}
