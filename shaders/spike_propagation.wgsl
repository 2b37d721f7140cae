// Each spike of this step scatters its CSR row into the ring-buffer slots `delay` steps ahead
// with fixed-point atomic adds (integer sums: the result does not depend on thread order).

@group(0) @binding(0) var<uniform> clock: StepWindow;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> spikeLog: SpikeLogRead;
@group(0) @binding(3) var<storage, read_write> stepEnds: array<u32>; // [k]: end of chunk step k-1
@group(0) @binding(4) var<storage, read> rowPtr: array<u32>;        // CSR offsets by presynaptic neuron
@group(0) @binding(5) var<storage, read> targets: array<u32>;       // packed post | delay | receptor
@group(0) @binding(6) var<storage, read> weights: array<i32>;       // fixed point
@group(0) @binding(7) var<storage, read_write> ring: array<atomic<i32>>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  // One workgroup scatters every nwg-th spike of this step; its invocations share the row.
  let n = sizes.numNeurons;
  let begin = stepEnds[clock.chunkStep];
  let end = min(spikeLog.count, sizes.logCapacity);
  if (wg.x == 0u && lid.x == 0u) { stepEnds[clock.chunkStep + clock.windowSteps] = end; }
  for (var s = begin + wg.x; s < end; s += nwg.x) {
    let pre = spikeLog.entries[s].x;
    let fired = spikeLog.entries[s].y; // its own step (a window holds several)
    let rowEnd = rowPtr[pre + 1u];
    for (var k = rowPtr[pre] + lid.x; k < rowEnd; k += WORKGROUP_SIZE) {
      let t = targets[k];
      let delay = ((t >> DELAY_SHIFT) & DELAY_MASK) + 1u;
      let slot = (fired + delay) % sizes.ringSlots;
      atomicAdd(&ring[ringIndex(slot, t >> RECEPTOR_SHIFT, t & POST_MASK, n)], weights[k]);
    }
  }
}
