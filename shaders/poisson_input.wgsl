// Pass 1 of a step, where the neuron update does not draw Poisson input itself (a device with
// fewer than 9 storage buffers per stage): one invocation per (source, target) entry draws this
// step's event count and adds it into this step's slot.

@group(0) @binding(0) var<uniform> clock: StepClock;                     // this step (dynamic offset)
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> poissonData: array<u32>;        // src/engine/webgpu/layouts.ts
@group(0) @binding(3) var<storage, read_write> ring: array<atomic<i32>>; // fixed-point input

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let e = gid.x;
  if (e >= sizes.numPoissonEntries) { return; }
  var s = 0u;
  loop {
    if (s + 1u >= sizes.numPoissonSources || e < poissonData[(s + 1u) * POISSON_SOURCE_WORDS + PS_FIRST_ENTRY]) { break; }
    s++;
  }
  let at = s * POISSON_SOURCE_WORDS;
  let k = poissonEvents(s, e - poissonData[at + PS_FIRST_ENTRY], clock.step);
  if (k > 0u) {
    let slot = clock.step % sizes.ringSlots;
    let neuron = poissonData[sizes.poissonEntryNeuronAt + e];
    atomicAdd(&ring[ringIndex(slot, poissonData[at + PS_RECEPTOR], neuron, sizes.numNeurons)], i32(k) * bitcast<i32>(poissonData[at + PS_WEIGHT_FIXED]));
  }
}
