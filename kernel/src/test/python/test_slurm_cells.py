"""Notebook code on a real Slurm cluster: a space and an evaluator written in cells run as jobs.

Starts the project's private single-node cluster (install/slurm-cluster.sh, as root: the cluster
tests are never skipped) and a kernel. The space uses a method and a record defined in cells, the
evaluator reads a top-level variable: the cells' classes and that variable's value are shipped to
the jobs' JVMs; a class folder added with %classpath goes with the class path. A built-in evaluator
whose data loader is a cell's lambda runs as jobs too. Also: exp.stop() leaves Slurm's queue empty, and a top-level value that cannot be
shipped is named by start(), before any job is submitted.
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from queue import Empty

import kernel_harness as h
from test_nas_live import table_rows

SCRIPT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../install/slurm-cluster.sh"))

SETUP_CELL = r'''
System.setProperty("jnas.home", "%(home)s");
record Width(int units) implements java.io.Serializable { int doubled() { return units * 2; } }
int widen(Width w) { return w.doubled(); }
double offset = 0.125;
SlurmBackend cluster = Backends.slurm().environment("SLURM_CONF", "%(conf)s").javaOptions("-Dai.djl.offline=true")
    .directory(Path.of("%(shared)s"));
ModelSpace space = ModelSpace.define("cells", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.core.Linear.builder().setUnits(widen(new Width(s.valueChoice("units", 1, 2, 3, 4)))).build()));
TrialEvaluator cellEvaluator = trial -> {
    Width w = new Width((Integer) trial.sample().get("units"));   // the notebook's type in the job too
    trial.reportIntermediate(w.units() / 8.0);
    trial.reportFinal(Map.of("default", widen(w) + offset, "width", (double) w.doubled(),
        "scaled", extra.Scale.tenTimes(w.units())));
};
'''

SEARCH_CELL = r'''
Experiment exp = Experiment.create(space, cellEvaluator, Strategy.gridSearch());
exp.config().name("cells").maxTrials(4).trialConcurrency(2).backend(cluster);
exp.start();
exp
'''

STOP_CELL = r'''
TrialEvaluator waiting = trial -> {
    for (int step = 1; !trial.isStopRequested(); step++) { trial.reportIntermediate(step); Thread.sleep(100); }
};
Experiment stopping = Experiment.create(space, waiting, Strategy.gridSearch());
stopping.config().name("stopping").maxTrials(4).trialConcurrency(2).backend(cluster);
stopping.start();
stopping.id()
'''

BUILT_IN_CELL = r'''
TrialEvaluator builtIn = ClassificationEvaluator.builder()
    .setData(() -> org.jnas.nas.data.Datasets.fashionMnist().first(1000, 200)).optEpochs(1).build();
ModelSpace mlps = ModelSpace.define("mlps", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.Blocks.batchFlattenBlock())
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 16, 32)).build())
    .add(ai.djl.nn.Activation::relu)
    .add(ai.djl.nn.core.Linear.builder().setUnits(10).build()));
Experiment builtInExp = Experiment.create(mlps, builtIn, Strategy.gridSearch());
builtInExp.config().name("built-in").maxTrials(2).trialConcurrency(2).backend(cluster);
builtInExp.run();
builtInExp.trials().stream().map(t -> t.status() + " " + (t.metric().orElse(0) > 0.3)).toList()
'''

BAD_CELL = r'''
Thread watcher = new Thread(() -> { });
TrialEvaluator watching = trial -> trial.reportFinal(watcher.getName().length());
Experiment bad = Experiment.create(space, watching, Strategy.gridSearch());
bad.config().name("bad").maxTrials(2).backend(cluster);
bad.id()
'''


class SlurmCellsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = tempfile.mkdtemp(prefix="jnas-slurm-", dir="/tmp")  # short: munge's socket path
        out = subprocess.run(["bash", SCRIPT, "start", cls.cluster], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise AssertionError("the local Slurm cluster did not start (needs root, slurm-wlm and munge:"
                                 " install/prerequisites.sh): " + out.stdout + out.stderr)
        cls.conf = os.path.join(cls.cluster, "slurm.conf")
        cls.km, cls.kc = h.start("jnas")
        cls.home = tempfile.mkdtemp(prefix="jnas-slurm-home-")
        # a class folder added with %classpath, which the evaluator uses: shipped with the class path
        extra = os.path.join(cls.home, "extra")
        os.makedirs(os.path.join(extra, "src", "extra"))
        with open(os.path.join(extra, "src", "extra", "Scale.java"), "w") as f:
            f.write("package extra; public final class Scale { public static double tenTimes(int u) { return 10.0 * u; } }")
        subprocess.run(["javac", "-d", os.path.join(extra, "classes"), os.path.join(extra, "src", "extra", "Scale.java")],
                       check=True, timeout=120)
        reply, msgs = h.run(cls.kc, "%%classpath %s" % os.path.join(extra, "classes"), timeout=60)
        assert reply["content"]["status"] == "ok", (reply["content"], msgs)
        reply, msgs = h.run(cls.kc, SETUP_CELL % {"home": cls.home, "conf": cls.conf,
                                                  "shared": os.path.join(cls.home, "shared")}, timeout=120)
        assert reply["content"]["status"] == "ok", (reply["content"], msgs)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        subprocess.run(["bash", SCRIPT, "stop", cls.cluster], capture_output=True, timeout=120)
        shutil.rmtree(cls.cluster, ignore_errors=True)
        shutil.rmtree(cls.home, ignore_errors=True)

    def value(self, code, timeout=60):
        reply, msgs = h.run(self.kc, code, timeout=timeout)
        self.assertEqual(reply["content"]["status"], "ok", (reply["content"], msgs))
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        return results[-1]["content"]["data"]["text/plain"] if results else h.text_of(msgs)

    def queue(self, experiment_id):
        env = dict(os.environ, SLURM_CONF=self.conf)
        return subprocess.run(["squeue", "-h", "--name=jnas-" + experiment_id.strip('"')], capture_output=True,
                              text=True, env=env, timeout=60).stdout.strip()

    def test_a_space_and_an_evaluator_defined_in_cells_run_four_trials_as_jobs(self):
        search_id = self.kc.execute(SEARCH_CELL)
        final, display_id = None, None
        deadline = time.time() + 240
        while time.time() < deadline and final is None:
            try:
                m = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            kind = m["msg_type"]
            if m["parent_header"].get("msg_id") == search_id and kind == "error":
                self.fail("the search cell failed: %r" % m["content"])
            if kind == "display_data" and m["parent_header"].get("msg_id") == search_id:
                display_id = m["content"]["transient"]["display_id"]
            elif kind == "update_display_data" and m["content"]["transient"]["display_id"] == display_id:
                if "DONE" in m["content"]["data"]["text/plain"]:
                    final = m
        self.assertIsNotNone(final, "the live view never showed the search DONE")
        rows = table_rows(final["content"]["data"]["text/html"])
        self.assertEqual(len(rows), 4, rows)
        self.assertEqual(sorted(" ".join(r.values()).count("SUCCEEDED") for r in rows), [1, 1, 1, 1], rows)
        for units in (1, 2, 3, 4):
            self.assertTrue(any("%g" % (units * 2 + 0.125) in " ".join(r.values()) for r in rows), (units, rows))

        printed = self.value('exp.await(java.time.Duration.ofSeconds(60));\n'
                             'for (TrialRecord t : exp.trials()) System.out.println(t.status() + " "'
                             ' + t.sample().get("units") + " " + t.metric().getAsDouble() + " "'
                             ' + t.finalMetrics().get("width") + " " + t.finalMetrics().get("scaled") + " " + t.intermediateDefaults()'
                             ' + " " + t.log().stream().anyMatch(l -> l.startsWith("attempt 1: job ")));')
        lines = sorted(printed.splitlines())
        self.assertEqual(lines, ["SUCCEEDED %d %s %s %s [%s] true" % (u, u * 2 + 0.125, float(u * 2), 10.0 * u, u / 8.0)
                                 for u in (1, 2, 3, 4)], printed)
        self.assertEqual(self.queue(self.value("exp.id()")), "")

    def test_stop_leaves_no_job_in_the_queue(self):
        experiment_id = self.value(STOP_CELL, timeout=120)
        deadline = time.time() + 120
        while time.time() < deadline:
            running = self.value('stopping.trials().stream().filter(t -> !t.intermediates().isEmpty()).count()')
            if running == "2":
                break
            time.sleep(0.5)
        self.assertEqual(running, "2", "two trials reported while running as jobs")
        self.value("stopping.stop();\nstopping.await(java.time.Duration.ofSeconds(60))", timeout=90)
        self.assertEqual(self.queue(experiment_id), "")
        self.assertEqual(self.value('stopping.trials().stream().map(t -> t.status().toString()).distinct().toList()'),
                         "[CANCELLED]")

    def test_a_built_in_evaluator_with_a_loader_lambda_runs_as_jobs(self):
        # the lambda ships as code (a cell's class); each job loads Fashion-MNIST itself
        self.assertEqual(self.value(BUILT_IN_CELL, timeout=240), "[SUCCEEDED true, SUCCEEDED true]")

    def test_a_top_level_value_that_cannot_be_shipped_is_named_at_start(self):
        experiment_id = self.value(BAD_CELL)
        reply, msgs = h.run(self.kc, "bad.start();")
        self.assertEqual(reply["content"]["status"], "error", msgs)
        message = reply["content"]["evalue"]
        self.assertIn("the top-level variable 'watcher' (a java.lang.Thread)", message)
        self.assertIn("create it inside the evaluator", message)
        self.assertEqual(self.queue(experiment_id), "")
        self.assertEqual(self.value("bad.trials().size()"), "0")


if __name__ == "__main__":
    unittest.main()
