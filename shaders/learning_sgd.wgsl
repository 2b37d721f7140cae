// SGD with momentum, with the EWC penalty λ F (W − W*) when ewcLambda > 0 (Kirkpatrick et al.
// 2017): v ← μv + g, W ← W − η v. CPU twin: step() in continual.ts.

@group(0) @binding(0) var<uniform> p: LearningParams;
@group(0) @binding(1) var<storage, read_write> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> V: array<f32>;
@group(0) @binding(3) var<storage, read> G: array<f32>;
@group(0) @binding(4) var<storage, read> fisher: array<f32>;
@group(0) @binding(5) var<storage, read> anchor: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;
override COUNT: u32 = 0u; // weights in this layer

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation: one weight.
  let k = gid.x;
  if (k >= COUNT) { return; }
  var g = G[k];
  if (p.ewcLambda > 0.0) { g = g + p.ewcLambda * fisher[k] * (W[k] - anchor[k]); }
  let v = p.momentum * V[k] + g;
  V[k] = v;
  W[k] = W[k] - p.learningRate * v;
}
