// Assembly calculus, pass 4: this round's winners become "fired before"; counts of winners that
// also won last round (overlap) and of first-time winners (new support) go to this round's row.

@group(0) @binding(0) var<uniform> params: AssemblyParams;
@group(0) @binding(1) var<storage, read_write> firedBefore: array<u32>;
@group(0) @binding(2) var<storage, read> firedNow: array<u32>;
@group(0) @binding(3) var<storage, read_write> everFired: array<u32>;
@group(0) @binding(4) var<storage, read_write> results: array<atomic<u32>>; // [round][new support, overlap]

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.n) { return; }
  let now = firedNow[i];
  if (now != 0u && firedBefore[i] != 0u) { atomicAdd(&results[2u * params.round + 1u], 1u); }
  if (now != 0u && everFired[i] == 0u) {
    everFired[i] = 1u;
    atomicAdd(&results[2u * params.round], 1u);
  }
  firedBefore[i] = now;
}
