// Accessors of the packed oscillator buffers (layout: OscillatorParams in common.wgsl).
// Bindings 0–3 are the same in every oscillator kernel.

@group(0) @binding(0) var<uniform> p: OscillatorParams;
@group(0) @binding(1) var<uniform> clock: StepClock;
@group(0) @binding(2) var<storage, read> topology: array<u32>;
@group(0) @binding(3) var<storage, read> coefficients: array<f32>;

const TWO_PI: f32 = 6.283185307179586;

fn groupOf(i: u32) -> u32 { return topology[p.groupOfAt + i]; }
fn groupStart(g: u32) -> u32 { return topology[p.groupStartAt + g]; }
fn meanFieldStart(g: u32) -> u32 { return topology[p.meanFieldStartAt + g]; }
fn meanFieldFrom(m: u32) -> u32 { return topology[p.meanFieldAt + 4u * m]; }
fn meanFieldTo(m: u32) -> u32 { return topology[p.meanFieldAt + 4u * m + 1u]; }
// K / N_from of mean-field coupling m.
fn meanFieldGain(m: u32) -> f32 {
  return coefficients[p.couplingKAt + topology[p.meanFieldAt + 4u * m + 2u]] * bitcast<f32>(topology[p.meanFieldAt + 4u * m + 3u]);
}
fn rowStart(i: u32) -> u32 { return topology[p.rowPtrAt + i]; }
fn preOf(e: u32) -> u32 { return topology[p.preAt + e]; }
// K · A_ij / N_from of CSR entry e.
fn entryGain(e: u32) -> f32 {
  return coefficients[p.couplingKAt + topology[p.couplingOfAt + e]] * bitcast<f32>(topology[p.weightAt + e]);
}
fn omegaOf(i: u32, block: u32) -> f32 { return coefficients[i * p.blocks + block]; }
