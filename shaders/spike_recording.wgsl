// Pass 4 of a step: recorded spikes go to the chunk's record buffer as (neuron, step) pairs,
// spikes are counted per population, and probed state variables are stored for this step.

@group(0) @binding(0) var<uniform> clock: StepClock;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> spikes: SpikeListRead;
@group(0) @binding(3) var<storage, read> recordMask: array<u32>;        // one bit per neuron
@group(0) @binding(4) var<storage, read> populations: array<PopulationConstants>;
@group(0) @binding(5) var<storage, read_write> counters: array<atomic<u32>>; // see CHUNK_COUNTER_*
@group(0) @binding(6) var<storage, read_write> records: array<u32>;     // (neuron, step) pairs
@group(0) @binding(7) var<storage, read> probeSpec: array<u32>;         // neuron | plane << 24
@group(0) @binding(8) var<storage, read> state: array<f32>;
@group(0) @binding(9) var<storage, read_write> probeOut: array<f32>;    // [chunkStep][probe]

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  // One invocation handles every (total invocations)-th spike of this step, and probe gid.x.
  let n = sizes.numNeurons;
  let parity = clock.step & 1u;
  let count = spikes.counts[parity];
  let stride = nwg.x * WORKGROUP_SIZE;
  for (var s = gid.x; s < count; s += stride) {
    let i = spikes.ids[parity * n + s];
    var p = 0u;
    loop {
      if (p + 1u >= sizes.numPopulations || i < populations[p + 1u].start) { break; }
      p++;
    }
    atomicAdd(&counters[CHUNK_COUNTER_POPULATION_SPIKES + p], 1u);
    if ((recordMask[i >> 5u] & (1u << (i & 31u))) != 0u) {
      let k = atomicAdd(&counters[CHUNK_COUNTER_RECORDED], 1u);
      if (k < sizes.recordCapacity) {
        records[2u * k] = i;
        records[2u * k + 1u] = clock.step;
      }
    }
  }
  if (gid.x < sizes.numProbes) {
    let spec = probeSpec[gid.x];
    probeOut[clock.chunkStep * sizes.numProbes + gid.x] = state[(spec >> 24u) * n + (spec & 0xffffffu)];
  }
}
