// Assembly calculus, pass 1 of a round: each area neuron sums the weights of its incoming synapses
// whose presynaptic neuron fired last round, in the order of its incoming list (the CPU's order).

@group(0) @binding(0) var<uniform> params: AssemblyParams;
@group(0) @binding(1) var<storage, read> inPtr: array<u32>;
@group(0) @binding(2) var<storage, read> inPre: array<u32>;      // < n: area neuron; ≥ n: stimulus
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read> firedBefore: array<u32>; // n area flags, then k stimulus ones
@group(0) @binding(5) var<storage, read_write> input: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.n) { return; }
  var sum = 0.0f;
  for (var e = inPtr[i]; e < inPtr[i + 1u]; e++) {
    if (firedBefore[inPre[e]] != 0u) { sum = sum + weights[e]; }
  }
  input[i] = sum;
}
