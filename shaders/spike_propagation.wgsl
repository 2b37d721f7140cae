// Pass 3 of a step: each spike's CSR row is scattered into the ring-buffer slots `delay` steps
// ahead with fixed-point atomic adds (integer sums: the result does not depend on thread order).

@group(0) @binding(0) var<uniform> clock: StepClock;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> spikes: SpikeListRead;
@group(0) @binding(3) var<storage, read> rowPtr: array<u32>;   // CSR offsets by presynaptic neuron
@group(0) @binding(4) var<storage, read> targets: array<u32>;  // packed post | delay | receptor
@group(0) @binding(5) var<storage, read> weights: array<i32>;  // fixed point
@group(0) @binding(6) var<storage, read_write> ring: array<atomic<i32>>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  // One workgroup scatters every nwg-th spike of this step; its invocations share the row.
  let n = sizes.numNeurons;
  let parity = clock.step & 1u;
  let count = spikes.counts[parity];
  for (var s = wg.x; s < count; s += nwg.x) {
    let pre = spikes.ids[parity * n + s];
    let end = rowPtr[pre + 1u];
    for (var k = rowPtr[pre] + lid.x; k < end; k += WORKGROUP_SIZE) {
      let t = targets[k];
      let delay = ((t >> DELAY_SHIFT) & DELAY_MASK) + 1u;
      let slot = (clock.step + delay) % sizes.ringSlots;
      atomicAdd(&ring[ringIndex(slot, t >> RECEPTOR_SHIFT, t & POST_MASK, n)], weights[k]);
    }
  }
}
