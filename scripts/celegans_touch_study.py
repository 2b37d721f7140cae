#!/usr/bin/env python3
"""Can any choice of weights make the shipped C. elegans connectome answer touch as the
literature describes? A numpy study behind issue 15's blocked note (not run by CI).

Literature (Chalfie et al. 1985, J Neurosci 5:956; Wicks, Roehrig & Rankin 1996, J Neurosci
16:4017): anterior touch (ALM, AVM) excites the backward command interneurons AVD/AVA and
inhibits PVC/AVB; posterior touch (PLM) excites PVC/AVB (forward) and inhibits AVD/AVA.

Two model classes, on /work/shared/data/celegans (Cook et al. 2019 edge list):
  spiking  IF_curr_exp cells exactly as connectomeModel builds them (C_m 1 nF, tau_m 20 ms,
           tau_syn 5 ms, 0.5 nS per gap junction), GABA presynaptic neurons inhibitory and the
           touch cells' chemical synapses onto the opposite command interneurons inhibitory
           (Chalfie's proposal); sweeps nA per synapse.
  graded   passive (non-spiking) cells, gap junctions and graded chemical synapses
           g*sigma((V_pre - V_half)/k)*(E - V_post) as in Wicks 1996, same signs; sweeps g_L,
           g per junction, g per synapse, V_half, k, with the drive set so the touch cells rise
           40 mV; reports direction selectivity in mV.
Usage: python3 scripts/celegans_touch_study.py [spiking|graded]
"""
import csv, itertools, os, sys
import numpy as np

DATA = os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'celegans')
rows = list(csv.DictReader(open(os.path.join(DATA, 'neurons.csv'))))
names = [r['name'] for r in rows]
at = {n: i for i, n in enumerate(names)}
N = len(names)
gaba = np.array(['GABA' in r['neurotransmitters'] for r in rows])
chem = np.zeros((N, N))  # [post, pre] synapse counts
gap = np.zeros((N, N))  # [post, pre] junction counts
for r in csv.DictReader(open(os.path.join(DATA, 'edges.csv'))):
    pre, post, n = at[r['pre']], at[r['post']], float(r['synapses'])
    if pre != post:
        (chem if r['type'] == 'chemical' else gap)[post, pre] += n
gap = np.maximum(gap, gap.T)
ANTERIOR = [at[n] for n in ('ALML', 'ALMR', 'AVM')]
POSTERIOR = [at[n] for n in ('PLML', 'PLMR')]
FORWARD = [at[n] for n in ('PVCL', 'PVCR', 'AVBL', 'AVBR')]
BACKWARD = [at[n] for n in ('AVAL', 'AVAR', 'AVDL', 'AVDR')]
assert chem[:, POSTERIOR].sum() == 0, 'PLM has chemical synapses in this data: revisit the study'

sign = np.where(gaba[None, :], -1.0, 1.0) * np.ones((N, 1))
for touch, opposite in ((ANTERIOR, FORWARD), (POSTERIOR, BACKWARD)):
    for t in touch:
        for p in opposite:
            sign[p, t] = -1.0


def spiking(w_nA, touch, g_junction_nS=0.5, drive_nA=2.0, dt=0.1):
    """Rates (Hz) before, during and after a 200 ms drive of `touch`; Euler, 0.1 ms."""
    W = chem * sign * w_nA
    G = gap * g_junction_nS
    V = np.full(N, -65.0); Ie = np.zeros(N); Ii = np.zeros(N); ref = np.zeros(N)
    spikes = np.zeros((3, N)); drive = np.zeros(N); drive[touch] = drive_nA
    for s in range(int(600 / dt)):
        phase = min(int(s * dt // 200), 2)
        I = Ie + Ii + (G @ V - G.sum(1) * V) * 1e-3 + (drive if phase == 1 else 0)
        V = np.where(ref > 0, V, V + dt * (0.05 * (-65 - V) + I) / 1.0)
        ref = np.maximum(ref - dt, 0)
        Ie *= np.exp(-dt / 5); Ii *= np.exp(-dt / 5)
        fired = V >= -50
        V[fired] = -65; ref[fired] = 2; spikes[phase] += fired
        if fired.any():
            inp = W[:, fired].sum(1); Ie += np.maximum(inp, 0); Ii += np.minimum(inp, 0)
    return spikes / 0.2


def graded_steady(touch, gL, gj, gs, vh, k, drive_nA):
    """Steady potentials (mV) of the passive graded network, by damped fixed-point iteration."""
    E = np.where(sign < 0, -70.0, 0.0)
    G = gap * gj; Gsum = G.sum(1)
    V = np.full(N, -65.0); I0 = np.zeros(N); I0[touch] = drive_nA * 1000  # pA
    for _ in range(3000):
        W = gs * chem / (1 + np.exp(-(V - vh) / k))[None, :]
        Vn = (gL * -65 + G @ V + (W * E).sum(1) + I0) / (gL + Gsum + W.sum(1))
        if np.max(abs(Vn - V)) < 1e-6:
            return Vn
        V = 0.5 * V + 0.5 * Vn
    return V


def main(which):
    if which == 'spiking':
        print('nA/synapse  touch      neurons firing before/during/after  AVA AVD PVC AVB (Hz, during)')
        for w in (0.1, 0.2, 0.25, 0.3, 0.5):
            for label, touch in (('anterior', ANTERIOR), ('posterior', POSTERIOR)):
                r = spiking(w, touch)
                n = [(r[p] > 0).sum() for p in range(3)]
                m = [r[1, [at[a], at[b]]].mean() for a, b in
                     (('AVAL', 'AVAR'), ('AVDL', 'AVDR'), ('PVCL', 'PVCR'), ('AVBL', 'AVBR'))]
                print(f'{w:10.2f}  {label:9s}  {n[0]:4d} {n[1]:4d} {n[2]:4d}  ' + ' '.join(f'{x:5.0f}' for x in m))
        return
    best = []
    for gL, gj, gs, vh, k in itertools.product((0.5, 1, 2, 5), (0.05, 0.1, 0.2, 0.5),
                                               (0.005, 0.01, 0.02, 0.05, 0.1), (-55, -50, -45, -40), (2, 4, 6)):
        rest = graded_steady([], gL, gj, gs, vh, k, 0)
        if abs(rest[BACKWARD + FORWARD].mean() + 65) > 3:
            continue  # the resting network is not at rest
        drive = 0.05
        for _ in range(2):
            drive *= 40 / (graded_steady(POSTERIOR, gL, gj, gs, vh, k, drive)[POSTERIOR] - rest[POSTERIOR]).mean()
        a = graded_steady(ANTERIOR, gL, gj, gs, vh, k, drive) - rest
        p = graded_steady(POSTERIOR, gL, gj, gs, vh, k, drive) - rest
        sel = min(a[BACKWARD].mean() - a[FORWARD].mean(), p[FORWARD].mean() - p[BACKWARD].mean())
        best.append((sel, a[BACKWARD].mean(), a[FORWARD].mean(), p[FORWARD].mean(), p[BACKWARD].mean(), gL, gj, gs, vh, k))
    best.sort(reverse=True)
    print(f'{len(best)} parameter sets at rest; best direction selectivity (mV):')
    print('  sel  ant:AVA/AVD PVC/AVB  post:PVC/AVB AVA/AVD   gL nS  g/junction nS  g/synapse nS  V_half  k')
    for r in best[:5]:
        print('  ' + ' '.join(f'{x:7.3g}' for x in r))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'spiking')
