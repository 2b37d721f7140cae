/**
 * Firing patterns side by side: one neuron per population under a constant current, four
 * Izhikevich (2003) classes (Fig. 2: regular spiking, intrinsically bursting, chattering, fast
 * spiking; a, b, c, d as published, I = 10) and three AdEx patterns of Naud, Marcille, Clopath &
 * Gerstner (2008, Biol. Cybern. 99:335, Table 1: tonic, adapting, regular bursting; C, g_L, E_L,
 * V_T, ΔT, a, τ_w, b, V_r and I as published, converted to PyNN's units: cm = C, tau_m = C/g_L).
 */
import type { ModelInput } from '../model/schema';

const IZHIKEVICH_CLASSES: [string, { a: number; b: number; c: number; d: number }][] = [
  ['RS', { a: 0.02, b: 0.2, c: -65, d: 8 }],
  ['IB', { a: 0.02, b: 0.2, c: -55, d: 4 }],
  ['CH', { a: 0.02, b: 0.2, c: -50, d: 2 }],
  ['FS', { a: 0.1, b: 0.2, c: -65, d: 2 }],
];

/** Naud et al. (2008) Table 1: C (pF), g_L (nS), E_L, V_T, V_r (mV), ΔT (mV), a (nS), τ_w (ms), b (pA), I (pA). */
const ADEX_PATTERNS: [
  string,
  { C: number; gL: number; EL: number; VT: number; dT: number; a: number; tauW: number; b: number; Vr: number; I: number },
][] = [
  ['AdEx_tonic', { C: 200, gL: 10, EL: -70, VT: -50, dT: 2, a: 2, tauW: 30, b: 0, Vr: -58, I: 500 }],
  ['AdEx_adapting', { C: 200, gL: 12, EL: -70, VT: -50, dT: 2, a: 2, tauW: 300, b: 60, Vr: -58, I: 500 }],
  ['AdEx_bursting', { C: 200, gL: 10, EL: -58, VT: -50, dT: 2, a: 2, tauW: 120, b: 100, Vr: -46, I: 210 }],
];

export const firingPatterns: ModelInput = {
  format: 'luciole-model',
  version: 1,
  name: 'firing-patterns',
  description:
    'Seven single neurons under constant currents, one per row: Izhikevich (2003) regular spiking (RS), intrinsically bursting (IB), chattering (CH) and fast spiking (FS) at I = 10; AdEx (Naud et al. 2008) tonic, adapting and regular bursting at their published currents.',
  dt: 0.05,
  seed: 1,
  durationMs: 1000,
  populations: [
    ...IZHIKEVICH_CLASSES.map(([name, p]) => ({
      name,
      size: 1,
      cellType: 'Izhikevich',
      params: { ...p, i_offset: 10 },
      initialV: -65,
    })),
    ...ADEX_PATTERNS.map(([name, p]) => ({
      name,
      size: 1,
      cellType: 'EIF_cond_exp_isfa_ista',
      params: {
        cm: p.C / 1000,
        tau_m: p.C / p.gL,
        v_rest: p.EL,
        v_thresh: p.VT,
        delta_T: p.dT,
        a: p.a,
        tau_w: p.tauW,
        b: p.b / 1000,
        v_reset: p.Vr,
        v_spike: 0,
        tau_refrac: 0,
        i_offset: p.I / 1000,
      },
      initialV: p.EL,
    })),
  ],
  recorders: [...IZHIKEVICH_CLASSES, ...ADEX_PATTERNS].flatMap(([name]) => [
    { type: 'spikes' as const, population: name },
    { type: 'state' as const, population: name, neurons: [0], variables: ['v'] },
  ]),
};
