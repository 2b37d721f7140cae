"""Brian2 reference for the STDP benchmark: examples/synapses/STDP.py (Song, Miller & Abbott 2000),
as the `stdp-song2000` example, in C++ standalone mode on one thread.

    /usr/bin/python3 bench/brian2_stdp_song2000.py SIM_SECONDS
Prints one JSON line: build and simulation wall time, and the output neuron's rate.
"""
import json
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")
from brian2 import *  # noqa: E402,F401,F403

sim_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
workdir = tempfile.mkdtemp(prefix="brian2_stdp_")
set_device("cpp_standalone", directory=workdir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.1 * ms

taum, taupre, taupost = 10 * ms, 20 * ms, 20 * ms
Ee, vt, vr, El, taue = 0 * mV, -54 * mV, -60 * mV, -74 * mV, 5 * ms
gmax = 0.01
dApre = 0.01 * gmax
dApost = -dApre * taupre / taupost * 1.05
eqs = """
dv/dt = (ge * (Ee-vr) + El - v) / taum : volt
dge/dt = -ge / taue : 1
"""
inp = PoissonGroup(1000, rates=15 * Hz)
neuron = NeuronGroup(1, eqs, threshold="v>vt", reset="v = vr", method="exact")
S = Synapses(inp, neuron,
             """w : 1
                dApre/dt = -Apre / taupre : 1 (event-driven)
                dApost/dt = -Apost / taupost : 1 (event-driven)""",
             on_pre="""ge += w
                    Apre += dApre
                    w = clip(w + Apost, 0, gmax)""",
             on_post="""Apost += dApost
                     w = clip(w + Apre, 0, gmax)""")
S.connect()
S.w = "rand() * gmax"
mon = SpikeMonitor(neuron)
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
    "meanRateHz": mon.num_spikes / sim_seconds,
}))
