// Oscillators driving spiking neurons, before the neuron update: the current of each driven
// neuron is offset + amplitude · cos θ (AKOrN: the first component x₀), in nA, written into the
// spiking state's oscillator-current plane. CPU twin: CpuOscillators.driveInto().

@group(0) @binding(0) var<uniform> p: OscillatorParams;
@group(0) @binding(1) var<uniform> sizes: PhaseDriveSizes;
@group(0) @binding(2) var<storage, read> entries: array<PhaseDriveEntry>;
@group(0) @binding(3) var<storage, read> oscillatorState: array<f32>;
@group(0) @binding(4) var<storage, read_write> neuronState: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation drives one neuron (each neuron takes at most one oscillator).
  let k = gid.x;
  if (k >= sizes.numEntries) { return; }
  let e = entries[k];
  var x = oscillatorState[e.oscillator * p.stateWidth];
  if (p.stateWidth == 1u) { x = cos(x); }
  neuronState[sizes.targetPlaneAt + e.neuron] = e.offset + e.amplitude * x;
}
