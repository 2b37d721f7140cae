// Per step, before the neuron update (only where the model has SpikeSourceArray populations):
// one invocation per source sets its i_stim to 1 if it fires in this step, else to 0; its cell
// type fires above 1/2. The bits come from src/engine/spikeSourceSteps.ts, one chunk at a time.

@group(0) @binding(0) var<uniform> clock: StepClock;                   // this step (dynamic offset)
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> sourceNeurons: array<u32>;    // global index of source j
@group(0) @binding(3) var<storage, read> sourcePlane: array<u32>;      // bit j of word chunkStep·WORDS_PER_STEP + j/32
@group(0) @binding(4) var<storage, read_write> state: array<f32>;      // src/network/stateLayout.ts

override WORKGROUP_SIZE: u32 = 64u;
override NUM_SOURCES: u32 = 0u;
override WORDS_PER_STEP: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  if (j >= NUM_SOURCES) { return; }
  let fires = (sourcePlane[clock.chunkStep * WORDS_PER_STEP + (j >> 5u)] >> (j & 31u)) & 1u;
  state[STATE_PLANE_I_STIM * sizes.numNeurons + sourceNeurons[j]] = f32(fires);
}
