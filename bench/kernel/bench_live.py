#!/usr/bin/python3
"""Cost of the live experiment view in the notebook, per trial.

Run with Debian's python (jupyter_client) against the installed kernel (install/install.sh):
    /usr/bin/python3 bench/kernel/bench_live.py [--kernel jnas] [--trials 200] [--rounds 5] [--sleep-ms 10]

One kernel runs searches of fast fake trials (each sleeps twice and reports an intermediate and a
final metric; 2 at a time, nothing is trained), alternating rounds without and with a live view
(`display(exp)` before the search runs, so the view redraws once a second while it runs and a last
time with the charts). Reported, as medians over the rounds:
  - wall time per trial without and with the view, and the difference (target <= 5 ms per trial);
  - CPU time of the kernel's updater thread ("jnas-live-views") per trial: what the once-a-second
    redraws cost, whichever core they run on (the final view with the charts is drawn in the
    experiment's thread before await() returns, so it is part of the wall time);
  - update_display_data messages and bytes the client received per search.
With --persist both, persistence to the JNAS home is measured the same way (on vs off), when the
experiment API has config().persist(boolean).
"""
import argparse
import statistics
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager

SETUP = r'''
System.setProperty("jnas.home", "%(home)s");
ModelSpace benchSpace = ModelSpace.define("bench", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 4, 8, 16, 32, 64, 128, 256, 512)).build())
    .add(s.valueChoice("act", "relu", "tanh").equals("relu") ? ai.djl.nn.Activation.reluBlock() : ai.djl.nn.Activation.tanhBlock())
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("head", 1, 2, 3, 4)).build()));
Experiment benchSearch(int trials, long sleepMs, boolean persist) {
    TrialEvaluator fake = TrialEvaluator.functional(trial -> {
        int units = (Integer) trial.sample().get("units");
        Thread.sleep(sleepMs);
        trial.reportIntermediate(units / 1024.0);
        Thread.sleep(sleepMs);
        trial.reportFinal(Map.of("default", units / 512.0, "loss", 1 - units / 512.0));
    });
    Experiment e = Experiment.create(benchSpace, fake, Strategy.random().dedup(false));
    e.config().name("bench").maxTrials(trials).trialConcurrency(2).devicePolicy(DevicePolicy.CPU);
    %(persist_line)s
    return e;
}
long updaterCpuNanos() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals("jnas-live-views")) return mx.getThreadCpuTime(t.getId());
    }
    return 0L;
}
'''

RUN = r'''
var benchExp = benchSearch(%(trials)d, %(sleep)d, %(persist)s);
long cpu0 = updaterCpuNanos();
long t0 = System.nanoTime();
benchExp.start();
%(show)s
benchExp.await(java.time.Duration.ofMinutes(10));
long wall = System.nanoTime() - t0;
Thread.sleep(1500); // let a redraw in progress finish before reading the updater thread's CPU time
System.out.println("RESULT " + wall + " " + (updaterCpuNanos() - cpu0) + " " + benchExp.trials().size());
'''


def run_cell(kc, code, timeout=600):
    msg_id = kc.execute(code)
    out, updates, update_bytes = "", 0, 0
    shown = set()  # display ids this cell showed: only their updates count
    idle = False
    deadline = time.time() + timeout
    while time.time() < deadline and not idle:
        try:
            m = kc.get_iopub_msg(timeout=1)
        except Empty:
            continue
        if m["msg_type"] == "update_display_data" and m["content"]["transient"].get("display_id") in shown:
            updates += 1
            update_bytes += sum(len(v) for v in m["content"]["data"].values())
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "display_data":
            shown.add(m["content"]["transient"].get("display_id"))
        if m["msg_type"] == "stream":
            out += m["content"]["text"]
        elif m["msg_type"] == "error":
            raise RuntimeError("\n".join(m["content"]["traceback"]))
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            idle = True
    # Late updates (the final one comes ~100 ms after the end) are counted with this search.
    end = time.time() + 0.5
    while time.time() < end:
        try:
            m = kc.get_iopub_msg(timeout=0.2)
        except Empty:
            continue
        if m["msg_type"] == "update_display_data" and m["content"]["transient"].get("display_id") in shown:
            updates += 1
            update_bytes += sum(len(v) for v in m["content"]["data"].values())
    return out, updates, update_bytes


def measure(kc, trials, sleep, show, persist):
    out, updates, nbytes = run_cell(kc, RUN % {"trials": trials, "sleep": sleep, "persist": "true" if persist else "false",
                                               "show": "display(benchExp);" if show else ""})
    line = [l for l in out.splitlines() if l.startswith("RESULT ")][0].split()
    wall_ns, cpu_ns, n = int(line[1]), int(line[2]), int(line[3])
    assert n == trials, "expected %d trials, got %d" % (trials, n)
    return {"wall_ms_per_trial": wall_ns / 1e6 / n, "updater_cpu_ms_per_trial": cpu_ns / 1e6 / n,
            "updates": updates, "update_kb": nbytes / 1024}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="jnas")
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sleep-ms", type=int, default=10, help="each fake trial sleeps twice this long")
    ap.add_argument("--persist", action="store_true", help="also measure persistence on vs off")
    args = ap.parse_args()

    home = tempfile.mkdtemp(prefix="jnas-bench-live-")
    km = KernelManager(kernel_name=args.kernel)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    try:
        persist_line = "e.config().persist(persist);" if args.persist else "/* persistence as configured by default */"
        run_cell(kc, SETUP % {"home": home, "persist_line": persist_line})
        cases = [("no view", False, True), ("live view", True, True)]
        if args.persist:
            cases.append(("no view, persistence off", False, False))
        measure(kc, 20, args.sleep_ms, True, True)  # warm-up: JIT, Tablesaw, JFreeChart, SQLite
        results = {name: [] for name, _, _ in cases}
        for r in range(args.rounds):
            for name, show, persist in (cases if r % 2 == 0 else list(reversed(cases))):
                results[name].append(measure(kc, args.trials, args.sleep_ms, show, persist))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    def med(name, key):
        return statistics.median(x[key] for x in results[name])

    print("%d trials of 2 x %d ms sleep, concurrency 2, %d rounds (medians)" % (args.trials, args.sleep_ms, args.rounds))
    print("%-26s %16s %22s %9s %10s" % ("case", "wall ms/trial", "updater CPU ms/trial", "updates", "update KB"))
    for name, _, _ in cases:
        print("%-26s %16.3f %22.3f %9.0f %10.0f" % (name, med(name, "wall_ms_per_trial"), med(name, "updater_cpu_ms_per_trial"),
                                                  med(name, "updates"), med(name, "update_kb")))
    print("live view overhead per trial: %.3f ms wall (target <= 5 ms)"
          % (med("live view", "wall_ms_per_trial") - med("no view", "wall_ms_per_trial")))
    if args.persist:
        print("persistence overhead per trial: %.3f ms wall (target <= 5 ms)"
              % (med("no view", "wall_ms_per_trial") - med("no view, persistence off", "wall_ms_per_trial")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
