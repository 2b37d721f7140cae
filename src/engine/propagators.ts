/**
 * Exact integration of the LIF membrane between steps: the propagators of Rotter & Diesmann
 * (1999), "Exact digital simulation of time-invariant linear systems with applications to
 * neuronal modeling", computed in double precision on the host and handed to both backends as
 * f32 (the NEST `iaf_psc_exp` / `iaf_psc_delta` scheme).
 */
import type { PopulationRange } from '../network/network';
import { resolvedParams, type Model } from '../model/schema';

/**
 * Everything a neuron update needs about its population. Field names match the WGSL struct
 * `PopulationConstants` in shaders/common.wgsl, whose reflected layout packs them for the GPU.
 */
export interface PopulationConstants {
  start: number; // first global neuron index
  size: number;
  cellType: number; // 0 IF_curr_exp, 1 IF_curr_delta
  refractorySteps: number; // steps, round(tau_refrac / dt)
  p22: number; // exp(-dt/tau_m)
  p21e: number; // mV per nA of excitatory current at the start of the step
  p21i: number; // mV per nA of inhibitory current
  p20: number; // mV per nA of constant current over the step: tau_m/cm (1 - exp(-dt/tau_m))
  pe: number; // exp(-dt/tau_syn_E)
  pi: number; // exp(-dt/tau_syn_I)
  vRest: number; // mV
  vReset: number; // mV
  vThresh: number; // mV
  iOffset: number; // nA
}

export const CELL_TYPE_CODE = { IF_curr_exp: 0, IF_curr_delta: 1 } as const;

/** ∫₀^dt e^{-(dt-s)/τm} e^{-s/τs} ds / cm: voltage at dt from a unit current decaying with τs. */
export function currentToVoltagePropagator(dt: number, tauM: number, tauS: number, cm: number): number {
  // = τm τs/(τs − τm) (e^{-dt/τs} − e^{-dt/τm}) / cm, written as e^{-dt/τm} · dt · expm1(x)/x with
  // x = dt (1/τm − 1/τs): stable as τs → τm, where it tends to dt e^{-dt/τm} / cm.
  const x = dt * (1 / tauM - 1 / tauS);
  const relative = x === 0 ? 1 : Math.expm1(x) / x;
  return (dt / cm) * Math.exp(-dt / tauM) * relative;
}

const f = Math.fround;

export function populationConstants(model: Model, pop: PopulationRange): PopulationConstants {
  const p = resolvedParams(model.populations[pop.index]);
  const dt = model.dt;
  const exp = pop.cellType === 'IF_curr_exp';
  return {
    start: pop.start,
    size: pop.size,
    cellType: CELL_TYPE_CODE[pop.cellType],
    refractorySteps: Math.round(p.tau_refrac / dt),
    p22: f(Math.exp(-dt / p.tau_m)),
    p21e: exp ? f(currentToVoltagePropagator(dt, p.tau_m, p.tau_syn_E, p.cm)) : 0,
    p21i: exp ? f(currentToVoltagePropagator(dt, p.tau_m, p.tau_syn_I, p.cm)) : 0,
    p20: f((-p.tau_m / p.cm) * Math.expm1(-dt / p.tau_m)),
    pe: exp ? f(Math.exp(-dt / p.tau_syn_E)) : 0,
    pi: exp ? f(Math.exp(-dt / p.tau_syn_I)) : 0,
    vRest: f(p.v_rest),
    vReset: f(p.v_reset),
    vThresh: f(p.v_thresh),
    iOffset: f(p.i_offset),
  };
}
