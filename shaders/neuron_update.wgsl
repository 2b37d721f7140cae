// Exact LIF integration in NEST iaf_psc_exp order (Rotter & Diesmann 1999), threshold, reset and
// refractoriness; spikes are appended to the chunk's spike log.
// The CPU twin is src/engine/cpu/cpuBackend.ts (updateNeurons): same operations, same order.

@group(0) @binding(0) var<uniform> clock: StepClock;
@group(0) @binding(1) var<uniform> sizes: NetworkSizes;
@group(0) @binding(2) var<storage, read> populations: array<PopulationConstants>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;        // planes, see STATE_PLANE_*
@group(0) @binding(4) var<storage, read_write> refractory: array<u32>;   // steps left
@group(0) @binding(5) var<storage, read_write> ring: array<i32>;         // this step's slot is read and cleared
@group(0) @binding(6) var<storage, read_write> spikeLog: SpikeLog;
@group(0) @binding(7) var<storage, read_write> counters: array<atomic<u32>>; // see CHUNK_COUNTER_*
@group(0) @binding(8) var<storage, read> silenced: array<u32>;            // one bit per neuron

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  // One invocation advances one neuron by one step.
  let i = gid.x;
  let n = sizes.numNeurons;
  if (i >= n) { return; }
  var p = 0u;
  loop {
    if (p + 1u >= sizes.numPopulations || i < populations[p + 1u].start) { break; }
    p++;
  }
  let c = populations[p];
  let slot = clock.step % sizes.ringSlots;
  let inE = ring[ringIndex(slot, 0u, i, n)];
  let inI = ring[ringIndex(slot, 1u, i, n)];
  ring[ringIndex(slot, 0u, i, n)] = 0;
  ring[ringIndex(slot, 1u, i, n)] = 0;
  var r = refractory[i];
  if (r > 0u) { r -= 1u; }
  var v = state[STATE_PLANE_V * n + i];
  let injected = ((c.iOffset + state[STATE_PLANE_I_STIM * n + i]) + state[STATE_PLANE_I_GAP * n + i]) + state[STATE_PLANE_I_OSC * n + i];
  var finite = true;
  if (c.cellType == 0u) {
    let e = state[STATE_PLANE_ISYN_EXC * n + i];
    let h = state[STATE_PLANE_ISYN_INH * n + i];
    if (r == 0u) {
      v = c.vRest + (v - c.vRest) * c.p22;
      v = v + e * c.p21e;
      v = v + h * c.p21i;
      v = v + injected * c.p20;
    }
    let e2 = e * c.pe + f32(inE) * sizes.invScale;
    let h2 = h * c.pi + f32(inI) * sizes.invScale;
    state[STATE_PLANE_ISYN_EXC * n + i] = e2;
    state[STATE_PLANE_ISYN_INH * n + i] = h2;
    finite = isFiniteF32(e2) && isFiniteF32(h2);
  } else if (r == 0u) {
    // IF_curr_delta (NEST iaf_psc_delta): input arriving while refractory is discarded.
    v = c.vRest + (v - c.vRest) * c.p22;
    v = v + injected * c.p20;
    v = v + f32(inE + inI) * sizes.invScale;
  }
  if (!finite || !isFiniteF32(v)) {
    // Checked before the reset, which would hide an overflowed V.
    atomicMin(&counters[CHUNK_COUNTER_FIRST_NON_FINITE + p], clock.step);
  }
  if (((silenced[i >> 5u] >> (i & 31u)) & 1u) != 0u) {
    v = c.vReset; // silenced: held at V_reset, no spike out
  } else if (r == 0u && v >= c.vThresh) {
    v = c.vReset;
    r = c.refractorySteps;
    let k = atomicAdd(&spikeLog.count, 1u);
    if (k < sizes.logCapacity) { spikeLog.entries[k] = vec2u(i, clock.step); }
  }
  state[STATE_PLANE_V * n + i] = v;
  refractory[i] = r;
}
