// Per step, after the neuron update: each spike of this step delivers its generated row. The
// work is spread over the whole dispatch: workgroup v takes chunk v mod R of spike v / R (R =
// ⌈longest row / WORKGROUP_SIZE⌉), one synapse per invocation. The weight is drawn again from
// the synapse's counter, (z, ·) = threefry(seed, stream; pre, 2m + 1), through the projection's
// quantile knots with integers only, so a synapse is its 4-byte word (twin: weightOf in
// src/network/generatedSynapses.ts). Fixed-point atomic adds: the sums do not depend on order.
// The delivery of one synapse is shared with the neuron update's own delivery (generated_rows.wgsl).

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
    deliverGeneratedSynapse(pre, k, segFirst, segLast, spike.y);
  }
}
