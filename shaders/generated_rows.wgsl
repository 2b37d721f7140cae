// One generated synapse delivered (shared by generated_propagation.wgsl and the neuron update
// when it delivers its own spikes): synapse k of presynaptic neuron `pre`, whose segments are
// segFirst … segLast − 1, fired at step `fired`. Its weight is drawn again from its counter,
// (z, ·) = threefry(seed, stream; pre, 2m + 1), through the projection's quantile knots with
// integers only (twin: weightOf in src/network/generatedSynapses.ts). The including kernel binds
// sizes, gen, index and ring (atomic) and defines loadWord(k).

// Linear between the knots: ⌊(k₁ − k₀) · frac / 2¹⁶⌋ in 32 bits.
fn generatedWeight(knotAt: u32, count: u32, bits: u32, u: u32) -> i32 {
  if (count == 1u) { return bitcast<i32>(index[knotAt]); }
  var idx = 0u;
  var frac = u >> 16u;
  if (bits > 0u) {
    idx = u >> (32u - bits);
    frac = (u << bits) >> 16u;
  }
  let lo = index[knotAt + idx];
  let diff = index[knotAt + idx + 1u] - lo;
  let part = (diff >> 16u) * frac + (((diff & 0xffffu) * frac) >> 16u);
  return bitcast<i32>(lo + part);
}

fn deliverGeneratedSynapse(pre: u32, k: u32, segFirst: u32, segLast: u32, fired: u32) {
  var s = segFirst;
  loop {
    if (s + 1u >= segLast || k < index[gen.segmentStart + s + 1u]) { break; }
    s++;
  }
  let p = gen.projections + index[gen.segmentProjection + s] * GENERATED_PROJECTION_WORDS;
  let m = k - index[gen.segmentStart + s];
  let u = threefry2x32(vec2u(sizes.seed, index[p + GP_STREAM]), vec2u(pre - index[p + GP_PRE_START], 2u * m + 1u)).x;
  let w = generatedWeight(index[p + GP_KNOT_OFFSET], index[p + GP_KNOT_COUNT], index[p + GP_KNOT_BITS], u);
  let word = loadWord(k);
  let slot = (fired + ((word >> DELAY_SHIFT) & DELAY_MASK) + 1u) % sizes.ringSlots;
  atomicAdd(&ring[ringIndex(slot, word >> RECEPTOR_SHIFT, word & POST_MASK, sizes.numNeurons)], w);
}
