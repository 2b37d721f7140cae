// Forward pass of a later hidden layer: for sample b and neuron o, each step's current
// I(t) = W[o]·s_b(t), s the spikes of the layer below (Sin: batch × T × N_IN), drives an
// integrate-and-fire neuron (reset by subtraction); u = mean current, a = spike count / T. With
// RECORD its own spikes go to Sout for the layer above. CPU twin: SpikingMlp.forward().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> Sin: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read_write> U: array<f32>;
@group(0) @binding(4) var<storage, read_write> A: array<f32>;
@group(0) @binding(5) var<storage, read_write> Sout: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override N_IN: u32 = 200u;
override N_OUT: u32 = 200u;
override RECORD: bool = false;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one (sample, neuron).
  let k = gid.x;
  if (k >= p.batch * N_OUT) { return; }
  let b = k / N_OUT;
  let o = k % N_OUT;
  var v = 0.0;
  var total = 0.0;
  var count = 0u;
  for (var t = 0u; t < p.steps; t++) {
    let row = (b * p.steps + t) * N_IN;
    var current = 0.0;
    for (var j = 0u; j < N_IN; j++) {
      if (Sin[row + j] != 0.0) { current = current + W[o * N_IN + j]; }
    }
    total = total + current;
    let spike = integrateAndFire(&v, current, p.threshold);
    count += u32(spike);
    if (RECORD) { Sout[(b * p.steps + t) * N_OUT + o] = spike; }
  }
  U[k] = total / f32(p.steps);
  A[k] = f32(count) / f32(p.steps);
}
