// Pass 1 of a step: Poisson input (independent trains per target neuron) into this step's slot.

@group(0) @binding(0) var<uniform> clock: StepClock;                    // this step (dynamic offset)
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> sources: array<PoissonSource>;
@group(0) @binding(3) var<storage, read> entryNeuron: array<u32>;       // global neuron of each entry
@group(0) @binding(4) var<storage, read> cdf: array<f32>;               // P(X <= k) tables
@group(0) @binding(5) var<storage, read_write> ring: array<atomic<i32>>; // fixed-point input

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation draws this step's event count for one (source, target) entry and adds it.
  let e = gid.x;
  if (e >= sizes.numPoissonEntries) { return; }
  var s = 0u;
  loop {
    if (s + 1u >= sizes.numPoissonSources || e < sources[s + 1u].firstEntry) { break; }
    s++;
  }
  let src = sources[s];
  let step = clock.step;
  if (step < src.startStep || step >= src.stopStep || src.weightFixed == 0) { return; }
  let local = e - src.firstEntry;
  let u = uniform01(threefry2x32(vec2u(sizes.seed, src.stream), vec2u(local, step)).x);
  var k = 0u;
  loop {
    if (k + 1u >= src.cdfLength || u < cdf[src.cdfOffset + k]) { break; }
    k++;
  }
  if (k > 0u) {
    let slot = step % sizes.ringSlots;
    atomicAdd(&ring[ringIndex(slot, src.receptor, entryNeuron[e], sizes.numNeurons)], i32(k) * src.weightFixed);
  }
}
