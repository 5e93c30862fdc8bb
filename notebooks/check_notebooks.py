#!/usr/bin/python3
"""Runs the tutorial notebooks headless on the installed JNAS kernel and checks their outputs.

    /usr/bin/python3 notebooks/check_notebooks.py [--kernel jnas] [--out DIR] [--timeout S] [NAME ...]

Each notebook runs in a copy inside a temporary directory (files a notebook writes, such as the
exported model source, stay out of the source tree), with JNAS_HOME set to a temporary directory
unless it is set already (the experiments the notebooks store stay out of ~/.jnas). The executed
notebooks are written to --out (default: target/notebooks). Besides "no cell failed", each notebook
has checks on what its outputs must show: row counts of trial tables, SVG charts, the compiled and
run exported model, and so on. The kernel must be installed where Jupyter finds it (install.sh
--prefix P plus JUPYTER_PATH=P/share/jupyter, as install/test.sh does).

08-cluster runs its trials as jobs of the project's private single-node Slurm cluster, which this
script starts for it (install/slurm-cluster.sh, as root, with Debian's slurm-wlm and munge) and stops
afterwards, also when the notebook fails. The kernel gets the cluster through its environment
(SLURM_CONF, and JNAS_CLUSTER_DIR for the shared directory), so the notebook's cells stay what a user
of a real cluster writes.

Needs the Debian packages python3-nbclient and python3-nbformat (install/prerequisites.sh).
"""
import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
SLURM_CLUSTER = HERE.parent / "install" / "slurm-cluster.sh"


class Outputs:
    """The outputs of an executed notebook, for assertions."""

    def __init__(self, nb):
        self.nb = nb
        self.code_cells = [c for c in nb.cells if c.cell_type == "code"]

    def all(self):
        for cell in self.code_cells:
            for out in cell.get("outputs", []):
                yield cell, out

    def text(self):
        """Everything printed or shown as text/plain, joined."""
        parts = []
        for _, out in self.all():
            if out.output_type == "stream":
                parts.append(out.text)
            elif "data" in out and "text/plain" in out.data:
                parts.append(out.data["text/plain"])
        return "\n".join(parts)

    def mime(self, mime_type):
        return [out.data[mime_type] for _, out in self.all() if "data" in out and mime_type in out.data]

    def printed(self, source_part):
        """What the code cell whose source contains source_part printed, its streams joined as printed."""
        cells = [c for c in self.code_cells if source_part in c.source]
        check(len(cells) == 1, f"expected one code cell containing {source_part!r}, found {len(cells)}")
        return "".join(o.text for o in cells[0].get("outputs", []) if o.output_type == "stream")

    def svgs(self):
        return self.mime("image/svg+xml")

    def html(self):
        return self.mime("text/html")


class CheckFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def find(pattern, text, what):
    m = re.search(pattern, text)
    check(m is not None, f"{what}: no match for /{pattern}/ in the notebook's text output")
    return m


def html_rows(html):
    """Body rows of the first HTML table in a fragment."""
    body = html.split("<tbody", 1)[1] if "<tbody" in html else html
    return len(re.findall(r"<tr[\s>]", body))


def check_common(out):
    """What every notebook must satisfy: every code cell ran, no error outputs, nothing on stderr."""
    for i, cell in enumerate(out.code_cells):
        check(cell.get("execution_count") is not None, f"code cell {i} did not run")
    errors = [o for _, o in out.all() if o.output_type == "error"]
    check(not errors, "error outputs: " + "; ".join(f"{e.ename}: {e.evalue}" for e in errors))
    stderr = [o.text for _, o in out.all() if o.output_type == "stream" and o.name == "stderr"]
    check(not stderr, "a cell wrote to stderr: " + stderr[0][:300] if stderr else "")
    for html in out.html():
        check("<td>FAILED</td>" not in html, "a trial table shows a FAILED trial")
    for svg in out.svgs():
        check(svg.lstrip().startswith("<svg") or svg.lstrip().startswith("<?xml"), "an image/svg+xml output is not SVG")


def check_quickstart(out):
    text = out.text()
    m = find(r"(\d+) trials, (\d+) columns", text, "trial table")
    check(int(m.group(1)) == 18, f"the quickstart's trial table has {m.group(1)} rows, expected 18 (the whole space)")
    find(r"DONE: strategy exhausted", text, "the search ended by itself after the whole space")
    live = [out.data["text/plain"] for cell, out in out.all()
            if "exp.start();" in cell.source and out.output_type in ("display_data", "execute_result") and "text/html" in out.data]
    check(live, "the live view (exp as the value of its start cell) is missing")
    check("18/20 trials" in live[0] and "DONE" in live[0],
          "the live view was not updated in place to the final state: " + live[0].splitlines()[1:2].__str__())
    check(any(html_rows(h) >= 18 and "dropout1" in h for h in out.html()),
          "no HTML trial table with 18 rows and a dropout1 column")
    check(re.search(r"\n\s+\d+\s+SUCCEEDED .* 1,\d{3},\d{3}\s", live[0]),
          "the trial table's params (whole numbers) as counts, 1,199,882 rather than 1.200e+06: " + live[0])
    check(len(out.svgs()) >= 3, f"expected 3 SVG charts, found {len(out.svgs())}")
    find(r"HTTP 200", text, "the dashboard answered")
    find(r"\{conv2=\d, dropout1=0\.\d+, feature=\d+", text, "DICT export")
    find(r"public static Block build\(\)", text, "CODE export")
    find(r"exit code 0 \(compiled\)", text, "javac compiled the exported source")
    find(r"exported model: forward pass \(8, 1, 28, 28\) -> \(8, 10\)", text, "forward pass of the exported model")


def check_model_spaces(out):
    text = out.text()
    find(r"18 architectures", text, "the seed space's size")
    find(r"mlp size: 14", text, "the conditional space's size")
    find(r"shared label error: .*'act'", text, "a label reused with other candidates is refused")
    find(r"forward: .*-> \(4, 10\)", text, "a sampled model runs")
    check(out.svgs(), "an architecture diagram as SVG")


def check_strategies(out):
    text = out.text()
    for name in ["Random", "GridSearch", "RegularizedEvolution", "TPE", "PolicyBasedRL"]:
        find(re.escape(name) + r": 60 trials, best ", text, f"{name} ran 60 trials")
    check(out.svgs(), "a best-so-far chart as SVG")
    find(r"grid: 96 trials, strategy exhausted", text, "grid search covered the space and ended")


def check_evaluators(out):
    text = out.text()
    find(r"classification: \d+ trials, best accuracy 0\.\d+", text, "built-in classification evaluator")
    find(r"regression direction: MINIMIZE", text, "the regression evaluator minimises MSE")
    find(r"regression: \d+ trials, best mse \d", text, "built-in regression evaluator")
    m = find(r"custom: (\d+) trials, (\d+) succeeded", text, "custom evaluator")
    check(m.group(1) == m.group(2) and int(m.group(1)) > 0, f"custom evaluator: only {m.group(2)} of {m.group(1)} trials succeeded")
    m = find(r"early stopped: (\d+) of (\d+)", text, "median stop")
    check(int(m.group(1)) > 0, "median stopping stopped no trial")


def check_results(out):
    text = out.text()
    find(r"stored experiments: [1-9]", text, "the stored experiments are listed")
    find(r"viewed: .* DONE", text, "a stored experiment viewed")
    find(r"resumed: 8 -> 14 trials", text, "a stored experiment resumed with a larger budget")
    ids = re.findall(r"^(\d+):\{", text, re.M)
    check(ids == [str(i) for i in range(1, 15)], f"resumed trial ids are not 1..14: {ids}")
    samples = re.findall(r"^\d+:(\{.*\})$", text, re.M)
    check(len(set(samples)) == len(samples), "the resumed search repeated an architecture")
    find(r"csv lines: 15", text, "the table as CSV (a header and 14 trials)")
    find(r"HTTP 200", text, "the dashboard answered")


def check_hardware_aware(out):
    text = out.text()
    find(r"12 of 18 architectures are over 1,000,000 parameters", text, "profiles of the 18 architectures")
    m = find(r"constrained: (\d+) trials, (\d+) skipped, strategy exhausted", text, "the constrained grid search")
    check((m.group(1), m.group(2)) == ("6", "12"),
          f"the constrained search trained {m.group(1)} and skipped {m.group(2)}, expected 6 and 12")
    m = find(r"(\d+) trials, (\d+) columns: \[(.*)\]", text, "the trial table")
    for column in ["params", "macs", "latency_ms", "batch_latency_ms"]:
        check(column in m.group(3), f"the trial table has no {column} column: {m.group(3)}")
    find(r"trained over the limit: 0; trained 6 of the 6 architectures within it", text, "no trial over the limit")
    find(r"small: [\d.]+ ms median", text, "latency of the small architecture")
    find(r"large: [\d.]+ ms median", text, "latency of the large architecture")
    find(r"latency limit [\d.]+ ms: 4 trials, \d skipped, every trained one within the limit", text,
         "the search under a latency limit")
    m = find(r"Pareto front: (\d+) of (\d+) trials, exported (\d+)", text, "the Pareto front of the NSGA-II search")
    check(1 <= int(m.group(1)) <= int(m.group(2)) and m.group(1) == m.group(3),
          f"front of {m.group(1)} of {m.group(2)} trials, {m.group(3)} exported")
    check(any("pareto" in svg.lower() or "front" in svg.lower() for svg in out.svgs()), "the Pareto chart as SVG")
    check(any("pareto" in h for h in out.html()), "the trial table's pareto column")


def check_one_shot(out):
    text = out.text()
    find(r"darts: DONE after 12 epochs", text, "the DARTS experiment trained its 12 epochs")
    live = [o.data["text/html"] for cell, o in out.all()
            if "exp.start();" in cell.source and o.output_type in ("display_data", "execute_result") and "text/html" in o.data]
    check(live, "the live view (exp as the value of its start cell) is missing")
    for part in ["DONE", "<b>12/12 supernet epochs</b>", "Supernet per epoch (12 of 12)", "Architecture probabilities",
                 "Most likely architectures"]:
        check(part in live[0], f"the live view, updated to the final state, does not show '{part}'")
    find(r"Chart: Architecture probabilities", text, "the probabilities chart")
    check(any("8 labels after 12 epochs, 192 steps" in svg for svg in out.svgs()),
          "the probabilities chart as SVG, over the search's 192 steps (12 epochs of 16)")
    ranking = [h for h in out.html() if h.startswith('<div class="jnas-oneshot">')]
    check(ranking, "the ranking's HTML (supernet per epoch and most likely architectures)")
    check(len(re.findall(r"<tr>", ranking[0].split('class="jnas-ranking"', 1)[1])) == 11,
          "the ranked table does not have a header and 10 architectures")
    check(re.search(r"\d (max_pool_3x3|avg_pool_3x3|skip_connect|sep_conv_\dx\d|dil_conv_\dx\d)", ranking[0]),
          "the ranking does not show the cell's ops by their DARTS names")
    cell = ", ".join(f"normal/node{n}/input{e}=\\[\\d\\], normal/node{n}/op{e}=\\d" for n in range(2) for e in range(2))
    exported = re.findall(r"^\{" + cell + r", probability=(\d\.\d+(?:E-\d+)?), rank=(\d)\}$", text, re.M)
    check([r for _, r in exported] == ["1", "2", "3"], f"DICT export of the top 3 with probability and rank: {exported}")
    probabilities = [float(p) for p, _ in exported]
    check(probabilities == sorted(probabilities, reverse=True) and sum(probabilities) < 1,
          f"the exported probabilities are not decreasing or sum to 1 or more: {probabilities}")
    find(r"ranked 1 by the supernet", text, "CODE export of the most likely architecture")
    find(r"public static Block build\(\)", text, "CODE export")
    compared = [h for h in out.html() if "<th>retrained_metric</th>" in h]
    check(compared and html_rows(compared[0]) == 3, "the ranking beside the retrained metric of the top 3")
    check(len(re.findall(r"<td>0\.\d+</td></tr>", compared[0])) == 3, "a retrained accuracy for each of the top 3")
    m = find(r"random: (\d+) trials in \d+ s \(budget (\d+) s\)", text, "random multi-trial search on the same budget")
    check(int(m.group(1)) >= 3, f"random search trained only {m.group(1)} trials")
    find(r"best: DARTS 0\.\d+, random 0\.\d+", text, "both searches' bests")
    both = [h for h in out.html() if "<th>best_accuracy</th>" in h]
    check(both and html_rows(both[0]) == 2, "the table of both bests")


def check_cluster(out, cluster):
    text = out.text()
    live = [o.data["text/plain"] for cell, o in out.all()
            if "exp.start();" in cell.source and o.output_type in ("display_data", "execute_result") and "text/plain" in o.data]
    check(live, "the live view (exp as the value of its start cell) is missing")
    check("6/6 trials" in live[0] and "DONE" in live[0] and live[0].count("SUCCEEDED") == 6,
          "the live view was not updated in place to 6 SUCCEEDED trials, DONE: " + live[0][:400])
    find(r"search: 6 trials, 6 succeeded", text, "every trial of the search succeeded as a Slurm job")
    search_id = find(r"Experiment (slurm_mlp-\S+)", live[0], "the search's experiment id").group(1)

    # which job ran which trial, as the notebook read it from the trials' logs ...
    m = find(r"6 trials ran in (\d+) Slurm jobs", text, "the jobs that ran the trials")
    jobs = int(m.group(1))
    check(1 <= jobs < 6, f"6 trials ran in {jobs} jobs: warm workers should have run several trials each")
    shown = sorted(re.findall(r"^job (\d+) on \S+: trials \[", text, re.M), key=int)
    # ... and as Slurm itself recorded it: the cluster's job completion log names every job the search ran
    ran = sorted(re.findall(r"^JobId=(\d+) .*?Name=jnas-" + re.escape(search_id) + " ", cluster.completed_jobs(), re.M), key=int)
    check(ran == shown, f"Slurm ran the jobs {ran} for {search_id}, the notebook shows {shown}")
    worker_lines = re.findall(r"^  jnas worker: trial (\d+) attempt 1$", text, re.M)
    check(sorted(worker_lines, key=int) == [str(i) for i in range(1, 7)],
          f"the workers' logs in the shared directory name trials {worker_lines}, expected each of 1..6 once")

    # the stop: squeue lists two running jobs of the search while two trials train, none after stop()
    before = out.printed("stopping.start();").split("queue while two trials train:\n", 1)[-1].splitlines()
    check(before and before[0].split()[:3] == ["JOBID", "PARTITION", "STATE"]
          and [line.split()[2] for line in before[1:]] == ["RUNNING", "RUNNING"],
          "squeue did not list two RUNNING jobs while two trials trained:\n" + "\n".join(before))
    after = out.printed("stopping.stop();").split("queue after stop:\n", 1)[-1].splitlines()
    check(after == before[:1], "squeue does not show an empty queue after the stop:\n" + "\n".join(after))
    m = find(r"STOPPED: \[(.*)\]", text, "the stopped search's trials")
    check(m.group(1) and all(t.endswith("CANCELLED") for t in m.group(1).split(", ")),
          f"the stopped search's trials did not all end CANCELLED: {m.group(1)}")
    # nothing of the notebook is left in the cluster once its experiments are closed
    queue = cluster.squeue()
    check(queue == "", "jobs left in Slurm's queue after the notebook:\n" + queue)


CHECKS = {
    "01-quickstart": check_quickstart,
    "02-model-spaces": check_model_spaces,
    "03-strategies": check_strategies,
    "04-evaluators": check_evaluators,
    "05-results": check_results,
    "06-one-shot": check_one_shot,
    "07-hardware-aware": check_hardware_aware,
    "08-cluster": check_cluster,
}

# notebooks whose trials run as jobs of the local Slurm cluster
NEEDS_CLUSTER = {"08-cluster"}


class LocalSlurm:
    """The project's private single-node Slurm cluster (install/slurm-cluster.sh) for one notebook.

    Started in a short directory under /tmp (munge's socket path has a length limit) and stopped on
    exit, also after a failure, so that no daemon or job outlives the run. What the kernel needs to
    reach it goes into its environment: SLURM_CONF, which a real cluster's login node does not need,
    and JNAS_CLUSTER_DIR, the shared directory, which the notebook reads in place of ~/jnas-runs.
    """

    def __enter__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="jnas-slurm-", dir="/tmp"))
        try:
            started = subprocess.run(["bash", str(SLURM_CLUSTER), "start", str(self.dir)],
                                     capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            started = None
        if started is None or started.returncode != 0:
            self.__exit__(None, None, None)
            said = (started.stdout + started.stderr).strip() if started else "no answer within 120 s"
            raise CheckFailed("the local Slurm cluster this notebook runs its trials on did not start (it needs root "
                              "and the Debian packages slurm-wlm and munge, which install/prerequisites.sh installs): "
                              + said)
        self.env = {"SLURM_CONF": str(self.dir / "slurm.conf"), "JNAS_CLUSTER_DIR": str(self.dir / "shared")}
        return self

    def __exit__(self, *exc):
        subprocess.run(["bash", str(SLURM_CLUSTER), "stop", str(self.dir)], capture_output=True, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def squeue(self):
        """Every job in the cluster's queue, one line each; "" when it is empty."""
        out = subprocess.run(["squeue", "-h", "-o", "%i %j %T"], capture_output=True, text=True, timeout=60,
                             env=dict(os.environ, **self.env))
        check(out.returncode == 0, "squeue failed: " + out.stderr)
        return out.stdout.strip()

    def completed_jobs(self):
        """Slurm's job completion log (jobcomp/filetxt): one line per ended job, with its id and name."""
        log = self.dir / "log" / "jobcomp.txt"
        return log.read_text() if log.exists() else ""


def run(path, kernel, out_dir, timeout):
    work = Path(tempfile.mkdtemp(prefix="jnas-nb-"))
    try:
        with LocalSlurm() if path.stem in NEEDS_CLUSTER else contextlib.nullcontext() as cluster:
            copy = work / path.name
            shutil.copy(path, copy)
            nb = nbformat.read(copy, as_version=4)
            client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, startup_timeout=180,
                                    resources={"metadata": {"path": str(work)}})
            started = time.monotonic()
            error = None
            try:
                # the kernel inherits this process's environment, plus the cluster's when it has one
                client.execute(**({"env": dict(os.environ, **cluster.env)} if cluster else {}))
            except CellExecutionError as e:
                error = e
            seconds = time.monotonic() - started
            out_dir.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out_dir / path.name)
            if error is not None:
                raise CheckFailed(f"a cell failed:\n{error}")
            outputs = Outputs(nb)
            check_common(outputs)
            checks = CHECKS.get(path.stem, lambda o: None)
            if cluster:
                checks(outputs, cluster)  # while the cluster runs: its queue and logs are checked too
            else:
                checks(outputs)
            return seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="notebook names (default: all in notebooks/)")
    parser.add_argument("--kernel", default="jnas")
    parser.add_argument("--out", default=str(HERE.parent / "target" / "notebooks"))
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args()
    if not os.environ.get("JNAS_HOME"):
        os.environ["JNAS_HOME"] = tempfile.mkdtemp(prefix="jnas-home-")
    paths = sorted(HERE.glob("*.ipynb"))
    if args.names:
        wanted = {n.removesuffix(".ipynb") for n in args.names}
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            sys.exit(f"no such notebook: {', '.join(sorted(missing))}")
    failed = []
    for path in paths:
        try:
            seconds = run(path, args.kernel, Path(args.out), args.timeout)
            print(f"ok    {path.name}  {seconds:.0f} s", flush=True)
        except CheckFailed as e:
            failed.append(path.name)
            print(f"FAIL  {path.name}: {e}", flush=True)
    print(f"executed notebooks: {args.out}")
    if failed:
        sys.exit(f"{len(failed)} notebook(s) failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
