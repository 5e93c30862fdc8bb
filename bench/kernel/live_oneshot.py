#!/usr/bin/python3
"""What the live view of a one-shot search sends while it trains.

Run with Debian's python (jupyter_client) against installed kernelspecs (install/install.sh):
    /usr/bin/python3 bench/kernel/live_oneshot.py [--kernel jnas [--kernel jnas-old]] [--epochs 6] [--runs 3]

Each run starts a fresh kernel, runs notebooks/06-one-shot.ipynb's set-up cells (imports, the
DARTS cell space, the evaluator on 2,000 Fashion-MNIST images) and its DARTS experiment with
`epochs(N).warmupEpochs(1)`, shown as the cell's value, and counts the display_data and
update_display_data messages of that output and their text/html bytes until the search is DONE.
Reported per kernel: the medians over the runs of updates, megabytes and seconds. Two builds
compare side by side: install one with `install/install.sh --prefix DIR --name jnas-old`, then
`JUPYTER_PATH=DIR/share/jupyter:... live_oneshot.py --kernel jnas --kernel jnas-old`.
"""
import argparse
import json
import os
import pathlib
import statistics
import tempfile
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "notebooks" / "06-one-shot.ipynb"


def cells():
    nb = json.load(open(NOTEBOOK))
    source = ["".join(nb["cells"][i]["source"]) for i in (1, 3, 5, 7)]
    assert "OneShot.darts().epochs(12).warmupEpochs(4)" in source[3], "notebook 06's experiment cell moved"
    return source


def run(kernel, epochs):
    setup, space, evaluator, experiment = cells()
    experiment = experiment.replace("epochs(12).warmupEpochs(4)", "epochs(%d).warmupEpochs(1)" % epochs)
    os.environ["JNAS_HOME"] = tempfile.mkdtemp(prefix="jnas-live-oneshot-")
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=120)
    try:
        for code in (setup, space, evaluator):
            kc.execute_interactive(code, timeout=300, output_hook=lambda m: None)
        msg_id = kc.execute(experiment)
        updates, size, t0 = 0, 0, time.time()
        while time.time() - t0 < 900:
            try:
                m = kc.get_iopub_msg(timeout=2)
            except Empty:
                continue
            if m["msg_type"] in ("display_data", "update_display_data"):
                updates += 1
                size += len(m["content"]["data"].get("text/html", ""))
                if "DONE" in m["content"]["data"].get("text/plain", ""):
                    return updates, size, time.time() - t0
        raise AssertionError("the search did not end within 900 s")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", action="append")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    kernels = args.kernel or ["jnas"]
    results = {k: [] for k in kernels}
    for _ in range(args.runs):
        for k in kernels:  # alternating, so load changes hit every kernel alike
            results[k].append(run(k, args.epochs))
    for k, rs in results.items():
        print("%-10s updates %d  MB %.2f  seconds %.1f  (runs: %s)" % (k, statistics.median(r[0] for r in rs),
              statistics.median(r[1] for r in rs) / 1e6, statistics.median(r[2] for r in rs),
              ", ".join("%d/%.2f MB/%.0f s" % (r[0], r[1] / 1e6, r[2]) for r in rs)))


if __name__ == "__main__":
    main()
