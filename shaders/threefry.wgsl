// Threefry-2x32-20 (Salmon et al., SC 2011; Random123): the twin of src/build/threefry.ts.
// Keyed by (seed, stream), counted by (index, step); 32-bit add, rotate and xor only.

fn rotl32(x: u32, r: u32) -> u32 {
  return (x << r) | (x >> (32u - r));
}

fn threefry2x32(key: vec2u, ctr: vec2u) -> vec2u {
  let rot = array<u32, 8>(13u, 15u, 26u, 6u, 17u, 29u, 16u, 24u);
  let ks = array<u32, 3>(key.x, key.y, 0x1bd11bdau ^ key.x ^ key.y);
  var x0 = ctr.x + ks[0];
  var x1 = ctr.y + ks[1];
  for (var r = 0u; r < 20u; r++) {
    x0 = x0 + x1;
    x1 = rotl32(x1, rot[r & 7u]);
    x1 = x1 ^ x0;
    if ((r & 3u) == 3u) {
      let s = (r + 1u) >> 2u;
      x0 = x0 + ks[s % 3u];
      x1 = x1 + ks[(s + 1u) % 3u] + s;
    }
  }
  return vec2u(x0, x1);
}

// 24 random bits in [0, 1): exact in f32, identical to uniform01() in TypeScript.
fn uniform01(bits: u32) -> f32 {
  return f32(bits >> 8u) * 5.9604644775390625e-8;
}
