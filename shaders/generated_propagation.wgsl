// Per step, after the neuron update: each spike of this step delivers its generated row. The
// work is spread over the whole dispatch: workgroup v takes chunk v mod R of spike v / R (R =
// ⌈longest row / WORKGROUP_SIZE⌉), one synapse per invocation. The weight is drawn again from
// the synapse's counter, (z, ·) = threefry(seed, stream; pre, 2m + 1), through the projection's
// quantile knots with integers only, so a synapse is its 4-byte word (twin: weightOf in
// src/network/generatedSynapses.ts). Fixed-point atomic adds: the sums do not depend on order.

@group(0) @binding(0) var<uniform> clock: StepWindow;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<uniform> gen: GeneratedSizes;
@group(0) @binding(3) var<storage, read> spikeLog: SpikeLogRead;
@group(0) @binding(4) var<storage, read_write> stepEnds: array<u32>; // [k]: end of chunk step k-1
@group(0) @binding(5) var<storage, read> index: array<u32>;
@group(0) @binding(6) var<storage, read_write> ring: array<atomic<i32>>;
@group(0) @binding(7) var<storage, read> words0: array<u32>;
@group(0) @binding(8) var<storage, read> words1: array<u32>;
@group(0) @binding(9) var<storage, read> words2: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;

fn loadWord(k: u32) -> u32 {
  let b = k / gen.wordsPerBinding;
  let at = k - b * gen.wordsPerBinding;
  if (b == 0u) { return words0[at]; }
  if (b == 1u) { return words1[at]; }
  return words2[at];
}

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

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  let begin = stepEnds[clock.chunkStep];
  let end = min(spikeLog.count, sizes.logCapacity);
  // Also written by spike_propagation.wgsl (the same value), which is skipped without stored rows.
  if (wg.x == 0u && lid.x == 0u) { stepEnds[clock.chunkStep + clock.windowSteps] = end; }
  let chunks = gen.rowChunks;
  let total = (end - begin) * chunks;
  for (var v = wg.x; v < total; v += nwg.x) {
    let spike = spikeLog.entries[begin + v / chunks];
    let pre = spike.x;
    let segFirst = index[pre];
    let segLast = index[pre + 1u];
    if (segFirst == segLast) { continue; }
    let k = index[gen.segmentStart + segFirst] + (v % chunks) * WORKGROUP_SIZE + lid.x;
    if (k >= index[gen.segmentStart + segLast]) { continue; }
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
    let slot = (spike.y + ((word >> DELAY_SHIFT) & DELAY_MASK) + 1u) % sizes.ringSlots;
    atomicAdd(&ring[ringIndex(slot, word >> RECEPTOR_SHIFT, word & POST_MASK, sizes.numNeurons)], w);
  }
}
