// Gap junctions (electrical synapses), before the neuron update: the coupling current of each
// neuron from the membrane potentials at the start of the step. CPU twin: coupleElectrically().

@group(0) @binding(0) var<uniform> sizes: NetworkSizes;
@group(0) @binding(1) var<storage, read> gapRowPtr: array<u32>;       // CSR by postsynaptic neuron
@group(0) @binding(2) var<storage, read> gapPre: array<u32>;
@group(0) @binding(3) var<storage, read> gapConductance: array<f32>;  // nS
@group(0) @binding(4) var<storage, read_write> state: array<f32>;     // reads V, writes I_GAP

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation sums g (V_pre - V_j) over the junctions of neuron j, in CSR order.
  let j = gid.x;
  let n = sizes.numNeurons;
  if (j >= n) { return; }
  let vj = state[STATE_PLANE_V * n + j];
  var sum = 0.0;
  for (var k = gapRowPtr[j]; k < gapRowPtr[j + 1u]; k++) {
    sum = sum + gapConductance[k] * (state[STATE_PLANE_V * n + gapPre[k]] - vj);
  }
  state[STATE_PLANE_I_GAP * n + j] = sum * 0.001; // nS × mV = pA → nA
}
