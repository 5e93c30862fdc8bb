#!/usr/bin/python3
"""What the kernel's stop checks cost cell code: two builds (or JDKs) side by side.

The kernel puts a stop check at the start of every method and before every backward jump of the
classes a cell defines (docs/kernel.md, "Stopping code"). This times, inside each kernel's JVM, a
recursive method (a check per call) and a tight loop (a check per pass) defined in a cell, round by
round in turn across the kernels, and prints the median of each with its ratio to the first kernel.

    /usr/bin/python3 bench/kernel/stop_checks.py --kernel jnas --kernel jnas-old [--rounds 9]

Kernels are kernelspec names (JUPYTER_PATH can point elsewhere); see bench/kernel/bench.py for how
to install an older build under another name.
"""
import argparse
import statistics
import sys

from jupyter_client.manager import start_new_kernel

SETUP = r'''
long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
long spin(long n) { long s = 0; for (long i = 0; i < n; i++) s += i ^ (s >>> 3); return s; }
long timeNanos(java.util.function.LongSupplier work) { long t0 = System.nanoTime(); long r = work.getAsLong(); long t = System.nanoTime() - t0; if (r == 42) System.out.print(""); return t; }
'''

CASES = {
    "recursive calls (fib(32), 7 M calls)": "timeNanos(() -> fib(32))",
    "tight loop (200 M passes)": "timeNanos(() -> spin(200_000_000L))",
}


def value(kc, code):
    msg_id = kc.execute(code)
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=300)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        elif msg["msg_type"] == "error":
            raise RuntimeError("%s: %s" % (msg["content"]["ename"], msg["content"]["evalue"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", action="append", required=True, help="a kernelspec name; give two or more")
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds per case and kernel (after 2 warm-up rounds)")
    args = parser.parse_args()
    kernels = []
    try:
        for name in args.kernel:
            km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
            kernels.append((name, km, kc))
            value(kc, SETUP)
            value(kc, "Runtime.version().feature()")
        times = {(name, case): [] for name, _, _ in kernels for case in CASES}
        for rnd in range(args.rounds + 2):
            for case, code in CASES.items():
                for name, _, kc in kernels:
                    ms = int(value(kc, code)) / 1e6
                    if rnd >= 2:
                        times[(name, case)].append(ms)
        first = kernels[0][0]
        print("%-42s %s" % ("median ms (ratio to %s)" % first, "  ".join("%18s" % n for n, _, _ in kernels)))
        for case in CASES:
            base = statistics.median(times[(first, case)])
            cells = []
            for name, _, _ in kernels:
                m = statistics.median(times[(name, case)])
                cells.append("%10.1f (%.2f)" % (m, m / base))
            print("%-42s %s" % (case, "  ".join("%18s" % c for c in cells)))
    finally:
        for _, km, kc in kernels:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
