// Hidden error through DSR's rate map a = clamp(u/θ, 0, 1): back[b, h] = (W2[:, h]·δ_b)/θ for
// 0 < u < θ, else 0. CPU twin: accumulateGradients().

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read> U: array<f32>;
@group(0) @binding(2) var<storage, read> W2: array<f32>;
@group(0) @binding(3) var<storage, read> delta: array<f32>;
@group(0) @binding(4) var<storage, read_write> back: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one (sample, hidden neuron).
  let k = gid.x;
  if (k >= p.batch * p.hidden) { return; }
  let b = k / p.hidden;
  let h = k % p.hidden;
  let u = U[k];
  var s = 0.0;
  if (u > 0.0 && u < p.threshold) {
    for (var c = 0u; c < 10u; c++) { s = s + W2[c * p.hidden + h] * delta[b * 10u + c]; }
    s = s / p.threshold;
  }
  back[k] = s;
}
