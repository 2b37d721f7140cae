// Shared by every kernel. Memory layouts are defined here once; TypeScript packs them through
// webgpu-utils reflection (src/engine/webgpu/layouts.ts). Constants such as POST_MASK and the
// state planes are generated from TypeScript and prepended (src/engine/webgpu/shaderSource.ts).
// The neuron update itself is generated per cell type (src/engine/webgpu/neuronUpdateKernel.ts).

// Where each population's neurons are (global indices). The constants of its cell type's update
// are in a struct generated per cell type (src/engine/webgpu/neuronUpdateKernel.ts).
struct PopulationRange {
  start: u32,           // first global neuron index
  size: u32,
}

// Sizes fixed when the network is built.
struct NetworkSizes {
  numNeurons: u32,
  numPopulations: u32,
  ringSlots: u32,        // max delay + 1
  invScale: f32,         // 1 / fixed-point scale
  numProbes: u32,
  logCapacity: u32,      // spikes one chunk can hold (log and records)
  numPoissonEntries: u32,
  numPoissonSources: u32,
  seed: u32,
  // Word offsets of the parts of the Poisson data (src/engine/webgpu/layouts.ts).
  poissonCdfAt: u32,
  poissonEntryNeuronAt: u32,
  poissonNeuronPtrAt: u32,
  poissonNeuronEntriesAt: u32,
}

// The step an encoded dispatch advances; one 256-byte slot per step of a chunk (dynamic offset).
struct StepClock {
  step: u32,      // absolute step index
  chunkStep: u32, // step within this chunk
}
// The same slot as read by the passes that may advance several steps per dispatch.
struct StepWindow {
  step: u32,        // first step of the window
  chunkStep: u32,
  windowSteps: u32, // steps this dispatch advances (1 unless every delay allows more)
  pad: u32,
}


// Every spike of the current chunk as (neuron, step), in order of steps: the neuron pass of step k
// appends, so step k's spikes are entries stepEnds[k] .. stepEnds[k + 1] - 1; a window of W steps
// in one dispatch (WebGpuBackend.maxWindowSteps) appends neuron by neuron, its W steps between
// stepEnds[k] and stepEnds[k + W].
struct SpikeLog {
  count: atomic<u32>,
  entries: array<vec2u>,
}
struct SpikeLogRead {
  count: u32,
  entries: array<vec2u>,
}

// Index of the ring-buffer cell holding input for `neuron` on `receptor` at ring `slot`.
fn ringIndex(slot: u32, receptor: u32, neuron: u32, numNeurons: u32) -> u32 {
  return (slot * 2u + receptor) * numNeurons + neuron;
}

// True unless x is NaN or ±Inf (checked on the bits: fast-math cannot remove it).
fn isFiniteF32(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// ── Oscillators (src/oscillators/webgpu/oscillatorBuffers.ts) ──────────────────────────────
// Sizes, parameters and where each array starts inside the packed buffers: `topology` (u32:
// group of each oscillator, group starts, mean-field couplings, CSR rows), `coefficients` (f32:
// ω, K per coupling, AKOrN stimulus) and `scratch` (f32: Kuramoto stage phases, AKOrN field).
struct OscillatorParams {
  n: u32,
  numGroups: u32,
  stateWidth: u32,     // 1 (Kuramoto phase, rad) or the AKOrN dimension
  blocks: u32,         // frequencies per oscillator (AKOrN: dimension / 2)
  numMeanField: u32,
  seed: u32,
  rowWords: u32,       // f32 per recorded row
  sumWidth: u32,       // f32 per group sum: max(2, stateWidth)
  dt: f32,             // ms
  noiseAmp: f32,       // √(2 D dt), rad
  gamma: f32,          // AKOrN step size
  groupOfAt: u32,
  groupStartAt: u32,
  meanFieldAt: u32,    // 4 words each: from group, to group, coupling, bitcast(1 / N_from); sorted by to group
  meanFieldStartAt: u32, // per group g: its mean-field couplings are meanFieldStart[g] .. meanFieldStart[g + 1]
  rowPtrAt: u32,
  preAt: u32,
  couplingOfAt: u32,
  weightAt: u32,       // bitcast f32: A_ij / N_from
  couplingKAt: u32,    // in coefficients
  stimulusAt: u32,     // in coefficients
  phiAAt: u32,         // in scratch (Kuramoto); AKOrN field
  phiBAt: u32,         // in scratch (Kuramoto); AKOrN energy per oscillator
  accAt: u32,          // in scratch (Kuramoto)
}

// One oscillator → spiking neuron drive: I = offset + amplitude · cos θ (AKOrN: x₀), nA.
struct PhaseDriveEntry {
  neuron: u32,
  oscillator: u32,
  amplitude: f32,
  offset: f32,
}

struct PhaseDriveSizes {
  numEntries: u32,
  targetPlaneAt: u32, // first word of the spiking state's oscillator-current plane
}

// ── Continual learning (src/learning/webgpu/learningBuffers.ts) ────────────────────────────
// The spiking MLP inputs → hidden layers → 10 and one batch: X (batch × inputs), per hidden layer
// u and a (batch × its size) and, below the last, its spikes (batch × T × its size), delta
// (batch × 10), weights[k] (sizes[k+1] × sizes[k]). Layer sizes are each kernel's override constants.
// One integrate-and-fire step with reset by subtraction (the trained network's neuron): adds the
// step's current to v; 1.0 on a spike, else 0.0. CPU twin: SpikingMlp.forward().
fn integrateAndFire(v: ptr<function, f32>, current: f32, threshold: f32) -> f32 {
  *v = *v + current;
  if (*v >= threshold) {
    *v = *v - threshold;
    return 1.0;
  }
  return 0.0;
}

struct LearningParams {
  batch: u32,
  steps: u32,          // T
  threshold: f32,      // θ
  learningRate: f32,
  momentum: f32,
  ewcLambda: f32,      // 0 without EWC
  invBatch: f32,
}

// One layer's HLOP subspace: rows H (rows × n) over the presynaptic space of a layer with `out`
// postsynaptic neurons; rows below `frozen` belong to finished tasks.
struct SubspaceParams {
  n: u32,
  out: u32,
  rows: u32,
  frozen: u32,
  batch: u32,
  learningRate: f32,
  momentum: f32,
  lateralSteps: u32,   // 0: analog responses; else signed spike counts over this many steps
  invBatch: f32,
}

// ── Assembly calculus (src/learning/assemblies/) ────────────────────────────────────────────
struct AssemblyParams {
  n: u32,          // area neurons
  k: u32,          // cap (and stimulus size)
  rule: u32,       // 0 hebbian, 1 oja, 2 stdp
  round: u32,      // this round's index (its row of the results)
  beta: f32,
  up: f32,         // f32(1 + beta)
  down: f32,       // f32(1 - beta)
}

// Offsets into the generated-connectivity index (src/engine/webgpu/layouts.ts) and sizes.
struct GeneratedSizes {
  numSegments: u32,
  segmentProjection: u32, // word offsets into the index
  segmentStart: u32,
  projections: u32,
  wordsPerBinding: u32,   // synapse words per words buffer (split across bindings)
  rowChunks: u32,         // ⌈longest generated row / WORKGROUP_SIZE⌉
}

// ⌊a·b / 2³²⌋ exactly, from 16-bit limbs (twin: mulhi32 in src/network/generatedSynapses.ts).
fn mulhi32(a: u32, b: u32) -> u32 {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = ((a0 * b0) >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
}
