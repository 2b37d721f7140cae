"""Brian2 reference for the CUBA benchmark: examples/CUBA.py in C++ standalone mode.

Run with Debian's Python and Brian2 (apt-get install python3-brian):
    /usr/bin/python3 bench/brian2_cuba.py SIM_SECONDS
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
workdir = tempfile.mkdtemp(prefix="brian2_cuba_")
set_device("cpp_standalone", directory=workdir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1 * ms

taum = 20 * ms
taue = 5 * ms
taui = 10 * ms
Vt = -50 * mV
Vr = -60 * mV
El = -49 * mV
eqs = """
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
"""
P = NeuronGroup(4000, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exact")
P.v = "Vr + rand() * (Vt - Vr)"
P.ge = 0 * mV
P.gi = 0 * mV
we = (60 * 0.27 / 10) * mV
wi = (-20 * 4.5 / 10) * mV
Ce = Synapses(P, P, on_pre="ge += we")
Ci = Synapses(P, P, on_pre="gi += wi")
Ce.connect("i<3200", p=0.02)
Ci.connect("i>=3200", p=0.02)
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
