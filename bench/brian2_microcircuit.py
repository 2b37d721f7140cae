"""Brian2 reference for the Potjans & Diesmann (2014) microcircuit, scaled, in C++ standalone mode.

An independent implementation from the INM-6 reference parameters (INM-6/microcircuit-PD14-model,
PyNEST/src/microcircuit; notes in docs/pd14-reference.md), not from Luciole's model file:
iaf_psc_exp neurons (exact integration), fixed-total-number connectivity with replacement,
normal weights and delays redrawn outside their bounds, N and K scaled together with the
reference's 1/sqrt(K) weights and DC compensation, Poisson or DC background.

Run with Debian's Python and Brian2 (apt-get install python3-brian):
    /usr/bin/python3 bench/brian2_microcircuit.py [--scale 0.1] [--ms 1500] [--seed 55] [--drive poisson|dc]
                                                  [--per-neuron]
Prints one JSON line: build and simulation wall time, synapse count, and per population the mean
rate and the mean ISI CV over [500 ms, end] (rates include silent neurons; CVs are over neurons
with more than 2 spikes, numpy's population std, as INM-6 helpers.py). --per-neuron adds the
per-neuron rates and CVs.
"""
import argparse
import json
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
from brian2 import *  # noqa: E402,F401,F403

ap = argparse.ArgumentParser()
ap.add_argument("--scale", type=float, default=0.1)
ap.add_argument("--ms", type=float, default=1500.0)
ap.add_argument("--seed", type=int, default=55)
ap.add_argument("--drive", choices=["poisson", "dc"], default="poisson")
ap.add_argument("--t-min", type=float, default=500.0)
ap.add_argument("--per-neuron", action="store_true")
args = ap.parse_args()

# network_params.py
full_n = np.array([20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948])
conn_probs = np.array([
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
])
K_ext = np.array([1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100])
bg_rate = 8.0
full_mean_rates = np.array([0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829])
V0_mean = np.array([-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43])
V0_sd = np.array([5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48])
C_m, tau_m, tau_syn, E_L, V_th, V_reset, t_ref = 250.0, 10.0, 0.5, -65.0, -50.0, -65.0, 2.0
dt = 0.1

# helpers.py
sub = 1.0 / (tau_syn - tau_m)
pre = tau_m * tau_syn / C_m * sub
frac = (tau_m / tau_syn) ** sub
psc_over_psp = 1.0 / (pre * (frac**tau_m - frac**tau_syn))  # pA/mV
psp = np.tile(np.array([0.15, -0.6] * 4), (8, 1))
psp[0, 2] = 0.30
psc = psp * psc_over_psp  # pA, [target, source]
psc_ext = 0.15 * psc_over_psp
prod = np.outer(full_n, full_n)
full_syn = np.log(1.0 - conn_probs) / np.log((prod - 1.0) / prod)

scale = args.scale
sizes = np.round(full_n * scale).astype(int)
num_syn = np.round(full_syn * scale * scale).astype(int)
ext_indegree = np.round(K_ext * scale).astype(int)
w_mean = psc / np.sqrt(scale)
w_ext = psc_ext / np.sqrt(scale)
input_rec = np.sum(psc * (full_syn / full_n[:, None]) * full_mean_rates, axis=1)
input_ext = psc_ext * K_ext * bg_rate
dc = 0.001 * tau_syn * input_ext if args.drive == "dc" else np.zeros(8)
if scale != 1:
    dc = dc + 0.001 * tau_syn * (1 - np.sqrt(scale)) * input_rec
    if args.drive == "poisson":
        dc = dc + 0.001 * tau_syn * (1 - np.sqrt(scale)) * input_ext

workdir = tempfile.mkdtemp(prefix="brian2_microcircuit_")
set_device("cpp_standalone", directory=workdir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = dt * ms
seed(args.seed)
rng = np.random.default_rng(args.seed)

eqs = """
dv/dt = (E_L_ - v) / tau_m_ + (I + I_dc) / C_m_ : volt (unless refractory)
dI/dt = -I / tau_syn_ : amp
I_dc : amp
"""
ns = dict(E_L_=E_L * mV, tau_m_=tau_m * ms, C_m_=C_m * pF, tau_syn_=tau_syn * ms)
N = int(sizes.sum())
P = NeuronGroup(N, eqs, threshold="v >= -50*mV", reset="v = -65*mV", refractory=t_ref * ms, method="exact", namespace=ns)
starts = np.concatenate([[0], np.cumsum(sizes)])
v0 = np.concatenate([rng.normal(V0_mean[k], V0_sd[k], sizes[k]) for k in range(8)])
P.v = v0 * mV
P.I = 0 * pA
P.I_dc = np.repeat(dc, sizes) * pA


def redraw(mean, sd, n, ok):
    x = rng.normal(mean, sd, n)
    bad = ~ok(x)
    while bad.any():
        x[bad] = rng.normal(mean, sd, bad.sum())
        bad = ~ok(x)
    return x


pre_idx, post_idx, weights, delays = [], [], [], []
for y in range(8):
    for x in range(8):
        n = num_syn[y, x]
        if n == 0:
            continue
        pre_idx.append(starts[x] + rng.integers(0, sizes[x], n))
        post_idx.append(starts[y] + rng.integers(0, sizes[y], n))
        wm = w_mean[y, x]
        weights.append(redraw(wm, abs(wm) * 0.1, n, (lambda v: v >= 0) if wm > 0 else (lambda v: v <= 0)))
        d = 1.5 if x % 2 == 0 else 0.75
        delays.append(np.round(redraw(d, 0.5 * d, n, lambda v: v >= 0.5 * dt) / dt) * dt)
pre_idx = np.concatenate(pre_idx)
post_idx = np.concatenate(post_idx)
S = Synapses(P, P, "w : amp", on_pre="I_post += w")
S.connect(i=pre_idx, j=post_idx)
S.w = np.concatenate(weights) * pA
S.delay = np.concatenate(delays) * ms

poisson = []
if args.drive == "poisson":
    for k in range(8):
        poisson.append(PoissonInput(P[starts[k]:starts[k + 1]], "I", N=int(ext_indegree[k]), rate=bg_rate * Hz, weight=w_ext * pA))

mon = SpikeMonitor(P)
net = Network(P, S, mon, *poisson)  # objects in a list are not found by the magic network
net.run(args.ms * ms)

t0 = time.perf_counter()
device.build(directory=workdir, compile=True, run=False)
t1 = time.perf_counter()
device.run(directory=workdir, with_output=False, run_args=[])
t2 = time.perf_counter()

i_all = np.asarray(mon.i)
t_all = np.asarray(mon.t / ms)
keep = t_all >= args.t_min
i_w, t_w = i_all[keep], t_all[keep]
window_s = (args.ms - args.t_min) / 1000.0
order = np.lexsort((t_w, i_w))
i_w, t_w = i_w[order], t_w[order]
pops = []
names = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
for k in range(8):
    counts = np.bincount(i_w[(i_w >= starts[k]) & (i_w < starts[k + 1])] - starts[k], minlength=sizes[k])
    rates = counts / window_s
    cvs = []
    for g in range(starts[k], starts[k + 1]):
        lo, hi = np.searchsorted(i_w, g), np.searchsorted(i_w, g, side="right")
        if hi - lo > 2:
            isi = np.diff(t_w[lo:hi])
            cvs.append(float(np.std(isi) / np.mean(isi)))
    entry = {
        "name": names[k],
        "size": int(sizes[k]),
        "meanRateHz": float(rates.mean()),
        "sdRateHz": float(rates.std()),
        "meanCv": float(np.mean(cvs)) if cvs else None,
        "cvNeurons": len(cvs),
    }
    if args.per_neuron:
        entry["rates"] = [float(r) for r in rates]
        entry["cvs"] = cvs
    pops.append(entry)
print(json.dumps({
    "brian2": __import__("brian2").__version__,
    "scale": scale,
    "drive": args.drive,
    "seed": args.seed,
    "simulatedMs": args.ms,
    "neurons": N,
    "synapses": int(len(pre_idx)),
    "buildWallS": t1 - t0,
    "runWallS": t2 - t1,
    "mainLoopS": float(device._last_run_time),
    "spikes": int(len(i_all)),
    "populations": pops,
}))
