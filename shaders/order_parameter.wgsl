// Group sums for the order parameters, one workgroup per oscillator group: Σ (cos φ, sin φ)
// (Kuramoto) or Σ x (AKOrN), and with ENERGY also Σ e_i. With RECORD the sums also go into this
// step's row (sumWidth + 1 words per group); the host turns rows into r = |Σ| / N and ψ, per group
// and for all oscillators. Sums run in a fixed order (strided, then a tree), so runs repeat
// exactly. CPU twin: CpuOscillators.measure().

@group(0) @binding(4) var<storage, read> state: array<f32>;
@group(0) @binding(5) var<storage, read> scratch: array<f32>;
@group(0) @binding(6) var<storage, read_write> sums: array<f32>;
@group(0) @binding(7) var<storage, read_write> records: array<f32>;

override WORKGROUP_SIZE: u32 = 64u; // a power of two, at most 64 (the partial array below)
override KURAMOTO_PHI_B: bool = false; // Kuramoto: reduce the B half of the stage phases
override ENERGY: bool = false;
override RECORD: bool = false;

const MAX_COMPONENTS: u32 = 17u; // AKOrN dimension ≤ 16, plus the energy
var<workgroup> partial: array<f32, 1088>; // MAX_COMPONENTS × 64

fn valueOf(i: u32, component: u32) -> f32 {
  if (component == p.stateWidth) { return scratch[p.phiBAt + i]; } // AKOrN energy e_i
  return state[i * p.stateWidth + component];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  // Workgroup g reduces group g, every component at once.
  let g = wid.x;
  let components = p.sumWidth + select(0u, 1u, ENERGY);
  var acc: array<f32, 17>;
  if (p.stateWidth == 1u) {
    let at = select(p.phiAAt, p.phiBAt, KURAMOTO_PHI_B);
    for (var i = groupStart(g) + lid; i < groupStart(g + 1u); i += WORKGROUP_SIZE) {
      let phi = scratch[at + i];
      acc[0] = acc[0] + cos(phi);
      acc[1] = acc[1] + sin(phi);
    }
  } else {
    for (var i = groupStart(g) + lid; i < groupStart(g + 1u); i += WORKGROUP_SIZE) {
      for (var c = 0u; c < components; c++) { acc[c] = acc[c] + valueOf(i, c); }
    }
  }
  for (var c = 0u; c < components; c++) { partial[c * WORKGROUP_SIZE + lid] = acc[c]; }
  workgroupBarrier();
  for (var half = WORKGROUP_SIZE / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      for (var c = 0u; c < components; c++) {
        partial[c * WORKGROUP_SIZE + lid] = partial[c * WORKGROUP_SIZE + lid] + partial[c * WORKGROUP_SIZE + lid + half];
      }
    }
    workgroupBarrier();
  }
  if (lid != 0u) { return; }
  let row = clock.chunkStep * p.rowWords + g * (p.sumWidth + 1u);
  for (var c = 0u; c < p.sumWidth; c++) {
    sums[g * p.sumWidth + c] = partial[c * WORKGROUP_SIZE];
    if (RECORD) { records[row + c] = partial[c * WORKGROUP_SIZE]; }
  }
  if (RECORD) { records[row + p.sumWidth] = select(0.0, partial[p.sumWidth * WORKGROUP_SIZE], ENERGY); }
}
