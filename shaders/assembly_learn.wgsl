// Assembly calculus, pass 3: plasticity onto each area neuron (its incoming list only, so every
// synapse is written by one invocation). Winners: hebbian/stdp w ← w(1+β) for inputs that fired
// last round; oja w ← w + β(x − w) for every input (x = 1 if it fired). stdp also: onto last
// round's winners, from this round's winners, w ← w(1−β).

@group(0) @binding(0) var<uniform> params: AssemblyParams;
@group(0) @binding(1) var<storage, read> inPtr: array<u32>;
@group(0) @binding(2) var<storage, read> inPre: array<u32>;
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;
@group(0) @binding(4) var<storage, read> firedBefore: array<u32>;
@group(0) @binding(5) var<storage, read> firedNow: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let n = params.n;
  if (i >= n) { return; }
  if (firedNow[i] != 0u) {
    for (var e = inPtr[i]; e < inPtr[i + 1u]; e++) {
      let fired = firedBefore[inPre[e]] != 0u;
      if (params.rule == 1u) {
        let x = select(0.0f, 1.0f, fired);
        weights[e] = weights[e] + params.beta * (x - weights[e]);
      } else if (fired) {
        weights[e] = weights[e] * params.up;
      }
    }
  }
  if (params.rule == 2u && firedBefore[i] != 0u) {
    for (var e = inPtr[i]; e < inPtr[i + 1u]; e++) {
      let j = inPre[e];
      if (j < n && firedNow[j] != 0u) { weights[e] = weights[e] * params.down; }
    }
  }
}
