#!/usr/bin/python3
"""JNAS kernel benchmark, with ipykernel measured in the same run as the yardstick.

Run with Debian's python (it has jupyter_client and ipykernel):
    /usr/bin/python3 bench/kernel/bench.py [--kernel jnas [--kernel other]] [--starts 5] [--runs 200]

Measures: cold start to kernel_info_reply, `1+1` round trip (p50/p99 of 200, median over the
starts) in a kernel that has just started, in one that sat idle for --idle seconds first (as when a user opens a notebook and
reads) and after --steady more cells (a long session), a 10,000-line print (time, lines received, messages), completion latency, interrupt latency
and shutdown-to-exit.
The JNAS kernel is the installed kernelspec (install/install.sh); JUPYTER_PATH can point elsewhere.
Two builds compare side by side: install one with `install/install.sh --prefix DIR --name jnas-old`,
then `JUPYTER_PATH=DIR/share/jupyter bench.py --kernel jnas --kernel jnas-old`.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager

CASES = {
    "jnas": {
        "one_plus_one": "1+1",
        "lines": 'for (int i = 0; i < 10000; i++) System.out.println("line " + i);',
        "complete": ("Math.ab", 7),
        "busy": "long k = 0; while (true) { k++; }",
    },
    "python3-bench": {
        "one_plus_one": "1+1",
        "lines": 'for i in range(10000): print("line", i)',
        "complete": ("import os; os.pa", 16),
        "busy": "while True: pass",
    },
}


def python_kernelspec(root):
    d = os.path.join(root, "kernels", "python3-bench")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump({"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                   "display_name": "Python 3 (Debian)", "language": "python"}, f)


def reply_to(kc, msg_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise TimeoutError(msg_id)


def until_idle(kc, msg_id, timeout=120):
    msgs = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=1)
        except Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return msgs
        msgs.append(m)
    raise TimeoutError(msg_id)


def run(kc, code):
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id)
    return reply, until_idle(kc, msg_id)


def start(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    reply_to(kc, msg_id)
    elapsed = time.perf_counter() - t0
    # ZeroMQ's slow joiner: a status published before our IOPub subscription took hold is lost, and
    # waiting for the idle of the first cell would then time out. wait_for_ready sends kernel_info
    # until IOPub delivers, so the measured cells start with a connected IOPub (not timed).
    kc.wait_for_ready(timeout=60)
    return km, kc, elapsed


def shutdown(km, kc):
    proc = km.provisioner.process
    t0 = time.perf_counter()
    kc.shutdown()
    while proc.poll() is None and time.perf_counter() - t0 < 30:
        time.sleep(0.002)
    exit_s = time.perf_counter() - t0
    kc.stop_channels()
    km.cleanup_resources()
    return exit_s


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def round_trips(kc, code, runs):
    rt = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run(kc, code)
        rt.append(time.perf_counter() - t0)
    return statistics.median(rt) * 1000, pct(rt, 99) * 1000


def measure_start(name, i, res, runs, idle_s, steady):
    """Start number i of kernel `name`: cold start and exit always; `1+1` right after start-up on
    every start but the second, which first sits `idle_s` seconds idle; the first start then also
    runs `steady` more cells before measuring `1+1` again, and lines, completion and interrupt."""
    case = CASES[name] if name in CASES else CASES["jnas"]
    km, kc, start_s = start(name)
    res["cold_start_s"].append(start_s)
    if i == 1 and idle_s > 0:
        # A user opens a notebook and reads before running the first cell.
        time.sleep(idle_s)
        run(kc, case["one_plus_one"])
        res["one_plus_one_idle_p50_ms"], res["one_plus_one_idle_p99_ms"] = round_trips(kc, case["one_plus_one"], runs)
    else:
        run(kc, case["one_plus_one"])  # the first cell waits for JShell to be ready; not a round trip
        p50, p99 = round_trips(kc, case["one_plus_one"], runs)
        res["one_plus_one_p50_ms"].append(p50)
        res["one_plus_one_p99_ms"].append(p99)
    if i == 0:
        if steady > 0:
            # A long session: the JIT has compiled the compiler by now.
            round_trips(kc, case["one_plus_one"], steady)
            res["one_plus_one_steady_p50_ms"], res["one_plus_one_steady_p99_ms"] = \
                round_trips(kc, case["one_plus_one"], runs)
        lines_t = []
        for _ in range(3):
            t0 = time.perf_counter()
            _, msgs = run(kc, case["lines"])
            lines_t.append(time.perf_counter() - t0)
            streams = [m for m in msgs if m["msg_type"] == "stream"]
            text = "".join(m["content"]["text"] for m in streams)
            res["lines_received"] = len(text.splitlines())
            res["lines_messages"] = len(streams)
        res["lines_s"] = statistics.median(lines_t)
        ct = []
        for _ in range(20):
            t0 = time.perf_counter()
            reply_to(kc, kc.complete(*case["complete"]))
            ct.append(time.perf_counter() - t0)
        res["complete_ms"] = statistics.median(ct) * 1000
        it = []
        for _ in range(3):
            msg_id = kc.execute(case["busy"])
            time.sleep(1.0)
            t0 = time.perf_counter()
            km.interrupt_kernel()
            reply_to(kc, msg_id)
            it.append(time.perf_counter() - t0)
            until_idle(kc, msg_id)
        res["interrupt_ms"] = statistics.median(it) * 1000
    res["exit_s"].append(shutdown(km, kc))


def bench(names, starts, runs, idle_s, steady):
    """Measures every kernel in `names`, start by start in turn, so that a slow minute of a shared
    machine falls on all of them alike."""
    per_start = ["cold_start_s", "exit_s", "one_plus_one_p50_ms", "one_plus_one_p99_ms"]
    results = {name: {k: [] for k in per_start} for name in names}
    for i in range(starts):
        for name in names:
            measure_start(name, i, results[name], runs, idle_s, steady)
    for res in results.values():
        for k in per_start:
            res[k] = statistics.median(res[k])
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", action="append",
                    help="kernelspec to measure (default jnas); repeat to compare several, e.g. two builds")
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--idle", type=float, default=8.0,
                    help="seconds the second kernel sits idle after start-up before its `1+1` runs (0: skip)")
    ap.add_argument("--steady", type=int, default=800,
                    help="cells run after the first --runs before `1+1` is measured again (0: skip)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    python_kernelspec(tmp)
    os.environ["JUPYTER_PATH"] = tmp + (os.pathsep + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else "")
    kernels = args.kernel or ["jnas"]
    results = bench(kernels + ["python3-bench"], args.starts, args.runs, args.idle, args.steady)
    results["ipykernel"] = results.pop("python3-bench")
    keys = ["cold_start_s", "one_plus_one_p50_ms", "one_plus_one_p99_ms", "one_plus_one_idle_p50_ms",
            "one_plus_one_idle_p99_ms", "one_plus_one_steady_p50_ms", "one_plus_one_steady_p99_ms", "lines_s", "lines_received",
            "lines_messages", "complete_ms", "interrupt_ms", "exit_s"]
    print("%-26s" % "metric (median)" + "".join("%12s %6s" % (k, "ratio") for k in kernels) + "%12s" % "ipykernel")
    for k in keys:
        b = results["ipykernel"].get(k)
        row = "%-26s" % k
        for name in kernels:
            a = results[name].get(k)
            row += "%12.3f %6s" % (a, "%.2f" % (a / b) if isinstance(a, (int, float)) and b else "-")
        print(row + "%12.3f" % b)
    print(json.dumps(results, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
