"""Brian2 reference for the COBA benchmark (Brette et al. 2007) in C++ standalone mode: the same
network as the `coba` example and scripts/fixtures/brian2_coba.py (exponential Euler, v frozen
while refractory, ge/gi initial conditions of Brian2's COBAHH.py).

Run with Debian's Python and Brian2 (apt-get install python3-brian):
    /usr/bin/python3 bench/brian2_coba.py SIM_SECONDS
Prints one JSON line: build (code generation + compile) and simulation wall time, and the rate.
"""
import json
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")
from brian2 import *  # noqa: E402,F401,F403

sim_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
workdir = tempfile.mkdtemp(prefix="brian2_coba_")
set_device("cpp_standalone", directory=workdir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1 * ms
seed(1)

we, wi = 6 * nS, 67 * nS
Ee, Ei = 0 * mV, -80 * mV
taue, taui = 5 * ms, 10 * ms
gl, C = 10 * nS, 200 * pF
Vt, Vr, El = -50 * mV, -60 * mV, -60 * mV
eqs = """
dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v))/C : volt (unless refractory)
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
"""
P = NeuronGroup(4000, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms, method="exponential_euler")
Ce = Synapses(P[:3200], P, on_pre="ge += we")
Ci = Synapses(P[3200:], P, on_pre="gi += wi")
Ce.connect(p=0.02)
Ci.connect(p=0.02)
P.v = "Vr + rand() * (Vt - Vr)"
P.ge = "(randn() * 1.5 + 4) * 10.*nS"
P.gi = "(randn() * 12 + 20) * 10.*nS"
s_mon = SpikeMonitor(P)
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
    "spikes": int(s_mon.num_spikes),
    "meanRateHz": s_mon.num_spikes / 4000 / sim_seconds,
}))
