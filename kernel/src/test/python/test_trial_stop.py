"""Stopping trials whose evaluators are written in cells, on JDK 17 and (when present) JDK 25.

A cancelled trial whose evaluator ignores its stop request and the interrupt (`while (true) z++;`)
has its cell code stopped as an interrupted cell's is: its thread ends and the kernel stops burning
CPU. Interrupting a cell stops that cell only: the trials of a search started from a cell run on.
"""
import os
import tempfile
import time
import unittest

import kernel_harness as h

RUNAWAY_CELL = r'''
System.setProperty("jnas.home", "%(home)s");
ModelSpace stopSpace = ModelSpace.define("stop", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 4, 8)).build()));
var spinning = new java.util.concurrent.CountDownLatch(2);
TrialEvaluator runaway = TrialEvaluator.functional(trial -> {
    spinning.countDown();
    long z = 0;
    while (true) z++;
});
Experiment runaways = Experiment.create(stopSpace, runaway, Strategy.gridSearch());
runaways.config().name("runaway").maxTrials(2).trialConcurrency(2).devicePolicy(DevicePolicy.CPU)
    .stopGracePeriod(java.time.Duration.ofMillis(300));
runaways.start();
spinning.await(60, java.util.concurrent.TimeUnit.SECONDS);
runaways.stop();
runaways.await(java.time.Duration.ofSeconds(60));
for (TrialRecord t : runaways.trials()) System.out.println(t.status() + " | " + t.error().orElse(""));
System.out.println("runaway trials: " + runaways.runawayTrials());
'''

TRIAL_THREADS = ('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
                 '.filter(n -> n.startsWith("jnas-trial-") && !n.startsWith("jnas-trial-pool")).count()')

BUSY_CELL = r'''
System.setProperty("jnas.home", "%(home)s");
ModelSpace busySpace = ModelSpace.define("busy", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 4, 8)).build()));
var busyStarted = new java.util.concurrent.CountDownLatch(1);
TrialEvaluator busy = TrialEvaluator.functional(trial -> {
    busyStarted.countDown();
    long z = 0;
    while (!trial.isStopRequested()) z++; // cell code in a loop: it passes a stop check all the time
    trial.reportFinal(1.0);
});
Experiment busyExp = Experiment.create(busySpace, busy, Strategy.gridSearch());
busyExp.config().name("busy").maxTrials(1).trialConcurrency(1).devicePolicy(DevicePolicy.CPU)
    .stopGracePeriod(java.time.Duration.ofSeconds(30));
busyExp.start();
busyStarted.await(60, java.util.concurrent.TimeUnit.SECONDS);
'''

BUSY_TRIALS = 'for (TrialRecord t : busyExp.trials()) System.out.println(t.status() + " | " + t.error().orElse(""));'


class TrialStopTests(unittest.TestCase):
    KERNEL = "jnas"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start(cls.KERNEL)
        cls.home = tempfile.mkdtemp(prefix="jnas-trial-stop-")
        h.wait_for_class_path_index(cls.kc)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_ok(self, code, timeout=120):
        reply, msgs = h.run(self.kc, code, timeout=timeout)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return h.text_of(msgs)

    def test_a_cancelled_trials_runaway_cell_code_is_stopped(self):
        out = self.run_ok(RUNAWAY_CELL % {"home": self.home})
        lines = out.strip().splitlines()
        trials = [l for l in lines if " | " in l]
        self.assertEqual(len(trials), 2, out)
        for line in trials:
            self.assertTrue(line.startswith("CANCELLED | "), out)
            self.assertIn("it was interrupted and has ended", line)
        self.assertIn("runaway trials: 0", lines)
        # The trials' threads have left them, and nothing of theirs spins any more.
        reply, msgs = h.run(self.kc, TRIAL_THREADS)
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"],
                         ["0"])
        self.assertLess(h.busy_cpu(self.km.provisioner.process.pid), 0.5, "a cancelled trial keeps burning CPU")
        # The pool's threads that ran them run the next trials unharmed.
        self.assertIn("SUCCEEDED", self.run_ok(
            'Experiment again = Experiment.create(stopSpace, TrialEvaluator.functional(t -> t.reportFinal(1.0)),'
            ' Strategy.gridSearch());\n'
            'again.config().name("again").maxTrials(2).trialConcurrency(2).devicePolicy(DevicePolicy.CPU);\n'
            'again.run();\n'
            'for (TrialRecord t : again.trials()) System.out.println(t.status());'))

    def test_interrupting_a_cell_does_not_stop_running_trials(self):
        self.run_ok(BUSY_CELL % {"home": self.home})
        msg_id = self.kc.execute("long k = 0; while (true) { k++; }")
        h.wait_for_execute_input(self.kc, msg_id)
        time.sleep(1.0)
        self.km.interrupt_kernel()
        reply = h.reply_for(self.kc, msg_id)
        self.assertEqual(reply["content"]["ename"], "InterruptedException")
        h.collect_until_idle(self.kc, msg_id)
        time.sleep(0.5)
        self.assertEqual(self.run_ok(BUSY_TRIALS).strip(), "RUNNING |", "the trial must run on")
        out = self.run_ok("busyExp.stop();\nbusyExp.await(java.time.Duration.ofSeconds(60));\n" + BUSY_TRIALS
                          + '\nSystem.out.println(busyExp.trials().get(0).metric());')
        # It saw its stop request and returned with its result: it was never killed.
        self.assertEqual([l.strip() for l in out.strip().splitlines()], ["CANCELLED |", "OptionalDouble[1.0]"], out)


@unittest.skipUnless(os.environ.get("JNAS_TEST_JDK25"), "JNAS_TEST_JDK25 not set (no JDK 25 found)")
class TrialStopJdk25Tests(TrialStopTests):
    KERNEL = "jnas25"


if __name__ == "__main__":
    unittest.main()
