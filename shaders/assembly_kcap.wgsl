// Assembly calculus, pass 2: k-cap, in one workgroup. The inputs are ≥ 0, so their f32 bits order
// like them: a bitwise search from the top bit finds the k-th largest input T (the largest T with
// at least k inputs ≥ T). Winners are the inputs > T and, in index order, as many inputs = T as
// fill k (each invocation takes a contiguous block; an exclusive scan of the blocks' tie counts
// gives each tie its rank). The CPU twin (kCap in assemblyArea.ts) picks the same set.

@group(0) @binding(0) var<uniform> params: AssemblyParams;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> firedNow: array<u32>;

override WORKGROUP_SIZE: u32 = 256u; // set to THREADS by the pass
const THREADS: u32 = 256u;
var<workgroup> partial: array<u32, THREADS>;

fn reduce(lid: u32, value: u32) -> u32 {
  partial[lid] = value;
  workgroupBarrier();
  for (var stride = THREADS / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { partial[lid] = partial[lid] + partial[lid + stride]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3u) {
  let lid = lid3.x;
  let n = params.n;
  var prefix = 0u;
  for (var bit = 31i; bit >= 0i; bit--) {
    let candidate = prefix | (1u << u32(bit));
    var count = 0u;
    for (var i = lid; i < n; i += THREADS) {
      if (bitcast<u32>(input[i]) >= candidate) { count++; }
    }
    if (reduce(lid, count) >= params.k) { prefix = candidate; }
  }
  var above = 0u;
  for (var i = lid; i < n; i += THREADS) {
    if (bitcast<u32>(input[i]) > prefix) { above++; }
  }
  let needTies = params.k - reduce(lid, above);
  // Ties in index order: block lid holds indices [lid·block, (lid+1)·block).
  let block = (n + THREADS - 1u) / THREADS;
  let lo = min(n, lid * block);
  let hi = min(n, lo + block);
  var ties = 0u;
  for (var i = lo; i < hi; i++) {
    if (bitcast<u32>(input[i]) == prefix) { ties++; }
  }
  partial[lid] = ties;
  workgroupBarrier();
  var rank = 0u;
  for (var t = 0u; t < lid; t++) { rank += partial[t]; }
  for (var i = lo; i < hi; i++) {
    let bits = bitcast<u32>(input[i]);
    var win = bits > prefix;
    if (bits == prefix) {
      win = rank < needTies;
      rank++;
    }
    firedNow[i] = select(0u, 1u, win);
  }
}
