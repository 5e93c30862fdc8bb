#!/usr/bin/python3
"""A fresh kernel's first cells, for A/B comparisons of builds or JVM options, start by start in turn.

Run with Debian's python (it has jupyter_client):
    /usr/bin/python3 bench/kernel/fresh.py [--starts 4] [--runs 200] VARIANT [VARIANT ...]

Each VARIANT is LABEL=[KERNELSPEC_JSON] [JVM options...]: the kernelspec (default: the installed
"jnas") with the JVM options put first, e.g.
    fresh.py 'now=' 'c1=-XX:TieredStopAtLevel=1' 'old=/tmp/old/share/jupyter/kernels/jnas-old/kernel.json'
For every start it prints cold start, the first cell (which waits for JShell), p50 and p99 of the
next --runs `1+1` round trips and the slowest four (cell index: ms); then the medians per variant.
--gc-log DIR writes each kernel's -Xlog:gc there; --threads prints the CPU time each of the
kernel's threads used during the measured cells (Linux /proc).
"""
import argparse
import glob
import json
import os
import shlex
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

INSTALLED = os.path.expanduser("~/.local/share/jupyter/kernels/jnas/kernel.json")


def kernelspecs(variants, root, gc_log):
    """Writes one kernelspec per variant under root; returns [(label, kernel name)]."""
    out = []
    for i, variant in enumerate(variants):
        label, _, rest = variant.partition("=")
        words = shlex.split(rest)
        spec_file = words.pop(0) if words and words[0].endswith(".json") else INSTALLED
        with open(spec_file) as f:
            spec = json.load(f)
        if gc_log:
            words.append("-Xlog:gc:file=%s" % os.path.join(gc_log, "%s-%%p.log" % label))
        spec["argv"] = spec["argv"][:1] + words + spec["argv"][1:]
        name = "fresh-%d" % i
        os.makedirs(os.path.join(root, "kernels", name))
        with open(os.path.join(root, "kernels", name, "kernel.json"), "w") as f:
            json.dump(spec, f)
        out.append((label, name))
    return out


def thread_cpu_ms(pid):
    """CPU time (user + system) per thread name of process pid, from /proc; Thread-N names are summed."""
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    out = {}
    for task in glob.glob("/proc/%d/task/*" % pid):
        try:
            with open(task + "/comm") as f:
                name = f.read().strip()
            with open(task + "/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended
        name = "Thread-N" if name.startswith("Thread-") else name
        out[name] = out.get(name, 0) + (int(fields[11]) + int(fields[12])) * tick_ms
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("variants", nargs="+")
    ap.add_argument("--starts", type=int, default=4)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--gc-log", help="directory for each kernel's GC log")
    ap.add_argument("--threads", action="store_true", help="CPU time per kernel thread during the measured cells")
    args = ap.parse_args()
    root = tempfile.mkdtemp()
    os.environ["JUPYTER_PATH"] = root
    variants = kernelspecs(args.variants, root, args.gc_log)
    results = {label: [] for label, _ in variants}
    for _ in range(args.starts):
        for label, name in variants:
            km, kc, start_s = bench.start(name)
            t0 = time.perf_counter()
            bench.run(kc, "1+1")
            first_s = time.perf_counter() - t0
            pid = km.provisioner.process.pid
            cpu_before = thread_cpu_ms(pid) if args.threads else {}
            rt = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                bench.run(kc, "1+1")
                rt.append((time.perf_counter() - t0) * 1000)
            cpu = {n: v - cpu_before.get(n, 0) for n, v in thread_cpu_ms(pid).items()} if args.threads else {}
            bench.shutdown(km, kc)
            p50, p99 = statistics.median(rt), bench.pct(rt, 99)
            results[label].append((start_s, first_s, p50, p99))
            slowest = sorted(range(len(rt)), key=lambda i: -rt[i])[:4]
            print("%-12s start %.3f s  first cell %.3f s  p50 %5.1f ms  p99 %5.1f ms  slowest %s" % (
                label, start_s, first_s, p50, p99, " ".join("%d:%.0f" % (i, rt[i]) for i in slowest)), flush=True)
            if cpu:
                print("             CPU ms: " + ", ".join("%s %.0f" % (n, v) for n, v in
                                                    sorted(cpu.items(), key=lambda x: -x[1]) if v > 0), flush=True)
    for label, rows in results.items():
        med = [statistics.median(r[k] for r in rows) for k in range(4)]
        print("%-12s median: start %.3f s  first cell %.3f s  p50 %5.1f ms  p99 %5.1f ms" % (label, *med))


if __name__ == "__main__":
    main()
