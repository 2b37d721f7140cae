// One Runge–Kutta stage of the Kuramoto model (Kuramoto 1975):
//   k_s = ω_i + Σ (K/N_from) Σ_j A_ij sin(φ_j − φ_i)  at the stage phases φ = φ_in,
// all-to-all couplings through the group sums of φ (r e^{iψ}, reduced just before), the rest
// through CSR rows. Not the last stage: φ_out = θ + a·dt·k_s. Last stage: θ ← θ + dt·Σ b_s k_s
// + √(2D dt)·ξ (Euler–Maruyama), wrapped to [0, 2π), and φ_out = θ. CPU twin: kuramotoStep().

@group(0) @binding(4) var<storage, read_write> theta: array<f32>;
@group(0) @binding(5) var<storage, read_write> scratch: array<f32>;
@group(0) @binding(6) var<storage, read> sums: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override A_NEXT: f32 = 0.5;     // φ_out = θ + A_NEXT·dt·k (not the last stage)
override B: f32 = 0.16666667;  // weight of k_s in the final combination
override FIRST: bool = true;
override LAST: bool = false;
override PHI_IN_B: bool = false; // stage phases come from the B half of the ping-pong pair

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation evaluates the stage for oscillator i.
  let i = gid.x;
  if (i >= p.n) { return; }
  let inAt = select(p.phiAAt, p.phiBAt, PHI_IN_B);
  let outAt = select(p.phiBAt, p.phiAAt, PHI_IN_B);
  let phi = scratch[inAt + i];
  let g = groupOf(i);
  let c = cos(phi);
  let s = sin(phi);
  var k = omegaOf(i, 0u);
  for (var m = meanFieldStart(g); m < meanFieldStart(g + 1u); m++) {
    {
      let src = meanFieldFrom(m);
      k = k + meanFieldGain(m) * (sums[src * p.sumWidth + 1u] * c - sums[src * p.sumWidth] * s);
    }
  }
  for (var e = rowStart(i); e < rowStart(i + 1u); e++) {
    k = k + entryGain(e) * sin(scratch[inAt + preOf(e)] - phi);
  }
  var acc = B * k;
  if (!FIRST) { acc = scratch[p.accAt + i] + acc; }
  if (!LAST) {
    scratch[p.accAt + i] = acc;
    scratch[outAt + i] = theta[i] + A_NEXT * p.dt * k;
    return;
  }
  var next = theta[i] + p.dt * acc;
  if (p.noiseAmp > 0.0) {
    let bits = threefry2x32(vec2u(p.seed, OSCILLATOR_NOISE_STREAM), vec2u(i, clock.step));
    let u1 = 1.0 - uniform01(bits.x);
    let u2 = uniform01(bits.y);
    next = next + p.noiseAmp * sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
  }
  next = next - TWO_PI * floor(next / TWO_PI);
  if (next >= TWO_PI) { next = 0.0; }
  theta[i] = next;
  scratch[outAt + i] = next;
}
