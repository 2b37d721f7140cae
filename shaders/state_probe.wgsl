// Probed state variables of this step (end of step) into this chunk's probe rows.

@group(0) @binding(0) var<uniform> clock: StepClock;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> probeSpec: array<u32>;      // word of the probed variable (src/network/stateLayout.ts)
@group(0) @binding(3) var<storage, read> state: array<f32>;
@group(0) @binding(4) var<storage, read_write> probeOut: array<f32>; // [chunkStep][probe]

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation copies one probed variable of one neuron.
  if (gid.x >= sizes.numProbes) { return; }
  probeOut[clock.chunkStep * sizes.numProbes + gid.x] = state[probeSpec[gid.x]];
}
