// AKOrN coupling field and energy (Miyato et al., ICLR 2025): for oscillator i,
//   y_i = c_i + Σ_j J_ij x_j  (J_ij = K·A_ij / N_from; all-to-all through the group sums),
//   e_i = −½ ⟨x_i, y_i − c_i⟩ − ⟨c_i, x_i⟩, so E = Σ_i e_i. CPU twin: computeField() / measure().

@group(0) @binding(4) var<storage, read> state: array<f32>;
@group(0) @binding(5) var<storage, read_write> scratch: array<f32>; // field at phiAAt, e_i at phiBAt
@group(0) @binding(6) var<storage, read> sums: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation computes the field and energy term of oscillator i.
  let i = gid.x;
  if (i >= p.n) { return; }
  let w = p.stateWidth;
  let g = groupOf(i);
  var y: array<f32, 16>;
  for (var m = meanFieldStart(g); m < meanFieldStart(g + 1u); m++) {
    {
      let gain = meanFieldGain(m);
      let src = meanFieldFrom(m);
      for (var d = 0u; d < w; d++) { y[d] = y[d] + gain * sums[src * p.sumWidth + d]; }
    }
  }
  for (var e = rowStart(i); e < rowStart(i + 1u); e++) {
    let gain = entryGain(e);
    let j = preOf(e);
    for (var d = 0u; d < w; d++) { y[d] = y[d] + gain * state[j * w + d]; }
  }
  var energy = 0.0;
  for (var d = 0u; d < w; d++) {
    let x = state[i * w + d];
    let c = coefficients[p.stimulusAt + i * w + d];
    energy = energy - 0.5 * x * y[d] - c * x;
    scratch[p.phiAAt + i * w + d] = y[d] + c;
  }
  scratch[p.phiBAt + i] = energy;
}
