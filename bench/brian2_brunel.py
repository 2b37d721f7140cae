"""Brian2 reference for Brunel (2000) model A in the asynchronous irregular state (the `brunel-ai`
example), in C++ standalone mode: 10,000 E + 2,500 I delta-synapse LIF neurons, fixed in-degree
C_E = 1,000 and C_I = 250 (drawn without replacement), J = 0.1 mV, g = 5, D = 1.5 ms,
theta = 20 mV, V_r = 10 mV, tau = 20 ms, t_ref = 2 ms, and an independent Poisson input of
eta * nu_thr * C_E = 20 kHz per neuron with weight J.

Run with Debian's Python and Brian2 (apt-get install python3-brian):
    /usr/bin/python3 bench/brian2_brunel.py SIM_SECONDS
Prints one JSON line: build (code generation + compile) and simulation wall time, and the rate.
"""
import json
import sys
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
from brian2 import *  # noqa: E402,F401,F403

sim_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
workdir = tempfile.mkdtemp(prefix="brian2_brunel_")
set_device("cpp_standalone", directory=workdir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1 * ms
rng = np.random.default_rng(1)

NE, NI, CE, CI = 10000, 2500, 1000, 250
J = 0.1 * mV
g = 5.0
tau = 20 * ms
P = NeuronGroup(NE + NI, "dv/dt = -v/tau : volt (unless refractory)", threshold="v >= 20*mV", reset="v = 10*mV",
                refractory=2 * ms, method="exact")
P.v = "rand() * 20*mV"


def fixed_indegree(pre_start, pre_size, k, n_post):
    pre = np.concatenate([pre_start + rng.choice(pre_size, k, replace=False) for _ in range(n_post)])
    return pre, np.repeat(np.arange(n_post), k)


ie, je = fixed_indegree(0, NE, CE, NE + NI)
ii, ji = fixed_indegree(NE, NI, CI, NE + NI)
Se = Synapses(P, P, on_pre="v_post += J", delay=1.5 * ms)
Se.connect(i=ie, j=je)
Si = Synapses(P, P, on_pre="v_post += -g*J", delay=1.5 * ms)
Si.connect(i=ii, j=ji)
drive = PoissonInput(P, "v", N=CE, rate=20 * Hz, weight=J)
mon = SpikeMonitor(P)
run(sim_seconds * second)

t0 = time.perf_counter()
device.build(directory=workdir, compile=True, run=False)
t1 = time.perf_counter()
device.run(directory=workdir, with_output=False, run_args=[])
t2 = time.perf_counter()
print(json.dumps({
    "brian2": __import__("brian2").__version__,
    "buildWallS": t1 - t0,
    "runWallS": t2 - t1,
    "mainLoopS": float(device._last_run_time),
    "spikes": int(mon.num_spikes),
    "meanRateHz": mon.num_spikes / (NE + NI) / sim_seconds,
}))
