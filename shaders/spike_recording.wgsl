// Once per chunk: spikes of recorded neurons go from the spike log to the records, and every
// spike is counted for its population.

@group(0) @binding(0) var<uniform> sizes: NetworkSizes;
@group(0) @binding(1) var<storage, read> spikeLog: SpikeLogRead;
@group(0) @binding(2) var<storage, read> recordMask: array<u32>;        // one bit per neuron
@group(0) @binding(3) var<storage, read> populations: array<PopulationRange>;
@group(0) @binding(4) var<storage, read_write> counters: array<atomic<u32>>; // see CHUNK_COUNTER_*
@group(0) @binding(5) var<storage, read_write> records: array<vec2u>;   // (neuron, step)

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  // One invocation handles every (total invocations)-th spike of the chunk.
  let count = min(spikeLog.count, sizes.logCapacity);
  for (var s = gid.x; s < count; s += nwg.x * WORKGROUP_SIZE) {
    let spike = spikeLog.entries[s];
    let i = spike.x;
    var p = 0u;
    loop {
      if (p + 1u >= sizes.numPopulations || i < populations[p + 1u].start) { break; }
      p++;
    }
    atomicAdd(&counters[CHUNK_COUNTER_POPULATION_SPIKES + p], 1u);
    if ((recordMask[i >> 5u] & (1u << (i & 31u))) != 0u) {
      records[atomicAdd(&counters[CHUNK_COUNTER_RECORDED], 1u)] = spike;
    }
  }
}
