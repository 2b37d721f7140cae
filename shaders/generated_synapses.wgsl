// Once, when the network is made: each presynaptic neuron fills the synapse words of its
// generated rows from the counter-based generator (src/network/generatedSynapses.ts is the twin).
// Synapse m of projection j's segment of pre neuron i: (x, y) = threefry(seed, stream; i, 2m);
// post = postStart + ⌊x · postSize / 2³²⌋ (skipping i itself without self-connections), delay from
// the thresholds with y. The weight is drawn at delivery (generated_propagation.wgsl).

@group(0) @binding(0) var<uniform> sizes: NetworkSizes;
@group(0) @binding(1) var<uniform> gen: GeneratedSizes;
@group(0) @binding(2) var<storage, read> index: array<u32>;
@group(0) @binding(3) var<storage, read_write> words0: array<u32>;
@group(0) @binding(4) var<storage, read_write> words1: array<u32>;
@group(0) @binding(5) var<storage, read_write> words2: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;

fn storeWord(k: u32, word: u32) {
  let b = k / gen.wordsPerBinding;
  let at = k - b * gen.wordsPerBinding;
  if (b == 0u) { words0[at] = word; } else if (b == 1u) { words1[at] = word; } else { words2[at] = word; }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  for (var g = gid.x; g < sizes.numNeurons; g += nwg.x * WORKGROUP_SIZE) {
    for (var s = index[g]; s < index[g + 1u]; s++) {
      let p = gen.projections + index[gen.segmentProjection + s] * GENERATED_PROJECTION_WORDS;
      let pre = g - index[p + GP_PRE_START];
      let postStart = index[p + GP_POST_START];
      let postSize = index[p + GP_POST_SIZE];
      let noSelf = index[p + GP_NO_SELF] != 0u;
      let key = vec2u(sizes.seed, index[p + GP_STREAM]);
      let delayAt = index[p + GP_DELAY_OFFSET];
      let delayCount = index[p + GP_DELAY_COUNT];
      let receptor = index[p + GP_RECEPTOR];
      let first = index[gen.segmentStart + s];
      let last = index[gen.segmentStart + s + 1u];
      for (var k = first; k < last; k++) {
        let r = threefry2x32(key, vec2u(pre, 2u * (k - first)));
        var post: u32;
        if (noSelf) {
          post = mulhi32(r.x, postSize - 1u);
          if (post >= pre) { post++; }
        } else {
          post = mulhi32(r.x, postSize);
        }
        var d = 0u;
        loop {
          if (d >= delayCount || r.y < index[delayAt + d]) { break; }
          d++;
        }
        // delay steps = d + 1, stored as d (synapseEncoding.ts)
        storeWord(k, (postStart + post) | (d << DELAY_SHIFT) | (receptor << RECEPTOR_SHIFT));
      }
    }
  }
}
