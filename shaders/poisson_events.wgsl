// Included by the kernels that bind `poissonData` (src/engine/webgpu/layouts.ts): the events of
// one (source, target) entry in one step, by its cdf table; 0 while the source is off. Twin: the
// Poisson loop of src/engine/cpu/cpuBackend.ts.
fn poissonEvents(src: u32, local: u32, step: u32) -> u32 {
  let at = src * POISSON_SOURCE_WORDS;
  if (step < poissonData[at + PS_START_STEP] || step >= poissonData[at + PS_STOP_STEP] || poissonData[at + PS_WEIGHT_FIXED] == 0u) {
    return 0u;
  }
  let u = uniform01(threefry2x32(vec2u(sizes.seed, poissonData[at + PS_STREAM]), vec2u(local, step)).x);
  let table = sizes.poissonCdfAt + poissonData[at + PS_CDF_OFFSET];
  let length = poissonData[at + PS_CDF_LENGTH];
  var k = 0u;
  loop {
    if (k + 1u >= length || u < bitcast<f32>(poissonData[table + k])) { break; }
    k++;
  }
  return k;
}
