"""A running experiment as a cell's value: a live view updated in place after its cell finished.

Starts a 6-trial search of a fake, fast evaluator (2 at a time) in one cell that returns the
experiment, runs another cell while the search goes on, and checks that the display's final update
holds every trial with the metrics the experiment itself reports.
"""
import re
import tempfile
import time
import unittest
from html.parser import HTMLParser
from queue import Empty

import nbformat
from nbclient import NotebookClient

import kernel_harness as h

SEARCH_CELL = r'''
System.setProperty("jnas.home", "%(home)s");
ModelSpace space = ModelSpace.define("live", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 4, 8, 16)).build())
    .add(s.valueChoice("act", "relu", "tanh").equals("relu") ? ai.djl.nn.Activation.reluBlock() : ai.djl.nn.Activation.tanhBlock()));
TrialEvaluator fake = TrialEvaluator.functional(trial -> {
    int units = (Integer) trial.sample().get("units");
    double metric = units / 16.0 + ("relu".equals(trial.sample().get("act")) ? 0.125 : 0.0) + trial.id() / 1024.0;
    for (int epoch = 1; epoch <= 3; epoch++) {
        Thread.sleep(%(sleep_ms)d);
        trial.reportIntermediate(metric * epoch / 3.0);
    }
    trial.reportFinal(Map.of("default", metric, "loss", 1 - metric));
});
Experiment exp = Experiment.create(space, fake, Strategy.random());
exp.config().name("live").maxTrials(6).trialConcurrency(2).devicePolicy(DevicePolicy.CPU).seed(7);
exp.start();
exp
'''

EXIT_CELL = r'''
System.setProperty("jnas.home", "%(home)s");
ModelSpace exitSpace = ModelSpace.define("exits", s -> new ai.djl.nn.SequentialBlock()
    .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 4, 8, 16)).build()));
TrialEvaluator quitter = TrialEvaluator.functional(trial -> {
    int units = (Integer) trial.sample().get("units");
    if (units == 8) System.exit(3);
    trial.reportFinal(units / 16.0);
});
Experiment exits = Experiment.create(exitSpace, quitter, Strategy.gridSearch());
exits.config().name("exits").maxTrials(3).trialConcurrency(1).devicePolicy(DevicePolicy.CPU);
exits.start();
exits.await(java.time.Duration.ofSeconds(60));
for (TrialRecord t : exits.trials())
    System.out.println(t.sample().get("units") + " " + t.status() + " " + t.error().orElse("").lines().findFirst().orElse(""));
'''

PRINT_TRIALS = ('for (TrialRecord t : %s.trials()) System.out.println(t.id() + " " + t.status() + " "'
                ' + t.metric().getAsDouble() + " " + t.finalMetrics().get("loss") + " " + t.sample().toJson());')
TRIALS_CELL = 'exp.await(java.time.Duration.ofSeconds(60));\n' + PRINT_TRIALS % "exp"
STORED_CELL = PRINT_TRIALS % "Experiment.view(exp.id())"


class TableParser(HTMLParser):
    """Rows of the first <table> (the trial table) of an HTML fragment, as header -> cell text."""

    def __init__(self):
        super().__init__()
        self.tables, self.header, self.rows, self.cell, self.row = 0, [], [], None, None
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        if self.tables != 1:
            return
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if self.tables != 1:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.in_head:
                self.header = self.row
            else:
                self.rows.append(dict(zip(self.header, self.row)))
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table":
            self.tables += 1  # only the first table counts

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_rows(html):
    p = TableParser()
    p.feed(html)
    return p.rows


class LiveExperimentViewTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start("jnas")
        cls.home = tempfile.mkdtemp(prefix="jnas-live-")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def next_iopub(self, deadline):
        while time.time() < deadline:
            try:
                return self.kc.get_iopub_msg(timeout=0.5)
            except Empty:
                continue
        return None

    def printed_trials(self, code):
        reply, msgs = h.run(self.kc, code, timeout=90)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        printed = {}
        for line in h.text_of(msgs).splitlines():
            tid, status, metric, loss, sample = line.split(" ", 4)
            printed[tid] = (status, float(metric), float(loss), sample)
        return printed

    def test_an_evaluator_that_calls_system_exit_fails_its_trial_not_the_kernel(self):
        reply, msgs = h.run(self.kc, EXIT_CELL % {"home": self.home}, timeout=90)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        lines = sorted(h.text_of(msgs).splitlines())
        self.assertEqual(lines[:2], ["16 SUCCEEDED ", "4 SUCCEEDED "], lines)
        self.assertTrue(lines[2].startswith("8 FAILED "), lines)
        self.assertIn("System.exit(3) is not allowed in a notebook cell", lines[2])
        reply, _ = h.run(self.kc, "exits.trials().size()")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_what_trials_print_lands_under_the_cell_that_ran_their_search(self):
        # Trial threads are kept and reused by later searches: each search's output must still go to
        # its own cell, not to the cell whose search first started the thread.
        cell = (
            'System.setProperty("jnas.home", "%(home)s");\n'
            'Experiment printing%(n)d = Experiment.create(ModelSpace.define("printing%(n)d", s -> new ai.djl.nn.SequentialBlock()'
            '.add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 4, 8)).build())),'
            ' TrialEvaluator.functional(t -> { System.out.println("printed by search %(n)d"); t.reportFinal(1.0); }),'
            ' Strategy.gridSearch());\n'
            'printing%(n)d.config().name("printing%(n)d").maxTrials(2).trialConcurrency(2).devicePolicy(DevicePolicy.CPU);\n'
            'printing%(n)d.run();\n'
            'System.out.println("search %(n)d done");')
        for n in (1, 2):
            reply, msgs = h.run(self.kc, cell % {"home": self.home, "n": n}, timeout=90)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            out = h.text_of(msgs)
            self.assertEqual(out.count("printed by search %d" % n), 2, out)
            self.assertIn("search %d done" % n, out)

    def test_live_view_updates_after_cell_finished_and_ends_with_all_trials(self):
        kc = self.kc
        search_id = kc.execute(SEARCH_CELL % {"home": self.home, "sleep_ms": 500})
        search_reply = h.reply_for(kc, search_id, timeout=120)
        self.assertEqual(search_reply["content"]["status"], "ok", search_reply["content"])

        display_id, search_idle = None, False
        updates = []            # (update message, whether it came after the search cell's idle)
        other_id, other_reply, other_result, other_idle = None, None, None, False
        final = None
        deadline = time.time() + 90
        while time.time() < deadline and (final is None or not other_idle):
            m = self.next_iopub(deadline)
            if m is None:
                break
            parent = m["parent_header"].get("msg_id")
            kind = m["msg_type"]
            if parent == search_id:
                if kind == "display_data":
                    display_id = m["content"]["transient"]["display_id"]
                    self.assertIn("jnas-view", m["content"]["data"]["text/html"])
                    self.assertIn("Experiment live-", m["content"]["data"]["text/plain"])
                elif kind == "status" and m["content"]["execution_state"] == "idle":
                    search_idle = True
                    # Another cell while the search runs: it must work.
                    other_id = kc.execute("6 * 7")
                elif kind == "update_display_data":
                    self.assertEqual(m["content"]["transient"]["display_id"], display_id)
                    updates.append((m, search_idle))
                    if "DONE" in m["content"]["data"]["text/plain"]:
                        final = m
                elif kind == "error":
                    self.fail("search cell failed: %r" % m["content"])
            elif other_id is not None and parent == other_id:
                if kind == "execute_result":
                    other_result = m["content"]["data"]["text/plain"]
                    other_reply = final is None  # answered while the search was still running
                elif kind == "status" and m["content"]["execution_state"] == "idle":
                    other_idle = True
            if kind == "update_display_data" and parent != search_id:
                # While another cell runs, updates go out under it (nbclient reads only the running
                # cell's messages); between cells, under the cell that showed the view.
                self.assertEqual(parent, other_id, "an update of the live view under a foreign parent")
                self.assertFalse(other_idle, "an update under a cell that had finished")
                self.assertEqual(m["content"]["transient"]["display_id"], display_id)
                updates.append((m, search_idle))
                if "DONE" in m["content"]["data"]["text/plain"]:
                    final = m

        self.assertIsNotNone(display_id, "the experiment was not shown with a display id")
        self.assertIsNotNone(final, "no final update (status DONE) within 90 s; %d updates" % len(updates))
        self.assertEqual(other_result, "42")
        self.assertTrue(other_reply, "the other cell did not run while the search was running")
        after_cell = [u for u, after in updates if after]
        self.assertGreaterEqual(len(after_cell), 2, "expected live updates after the cell finished")
        self.assertIs(after_cell[-1], final)
        # Later updates are only sent when something changed: not one per second of idle time.
        html = final["content"]["data"]["text/html"]
        self.assertIn("<svg", html, "the final view carries the charts as inline SVG")
        self.assertNotIn("<script", html, "the final view must survive nbconvert / untrusted notebooks")

        printed = self.printed_trials(TRIALS_CELL)
        self.assertEqual(len(printed), 6, printed)
        # The store (under the temporary JNAS home) holds the same trials and metrics.
        self.assertEqual(self.printed_trials(STORED_CELL), printed)
        reply, msgs = h.run(kc, "Experiment.view(exp.id())")
        viewed = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(viewed), 1, msgs)
        stored_rows = table_rows(viewed[0]["content"]["data"]["text/html"])
        self.assertEqual(sorted(r["trial"] for r in stored_rows), sorted(printed))

        rows = table_rows(html)
        self.assertEqual(sorted(r["trial"] for r in rows), sorted(printed), rows)
        for r in rows:
            status, metric, loss, sample = printed[r["trial"]]
            self.assertEqual(r["status"], status)
            self.assertEqual(status, "SUCCEEDED")
            # the table shows 4 significant digits: within half a unit of the 4th digit
            self.assertAlmostEqual(float(r["metric"]), metric, delta=abs(metric) * 5e-4)
            self.assertAlmostEqual(float(r["loss"]), loss, delta=abs(loss) * 5e-4)
            self.assertIn('"units":%s' % r["units"], sample)
            self.assertIn('"act":"%s"' % r["act"], sample)
        self.assertRegex(final["content"]["data"]["text/plain"], r"6/6 trials")

        # No update arrives once the final one is out (the view stopped with the experiment).
        late = []
        deadline = time.time() + 2.5
        while time.time() < deadline:
            m = self.next_iopub(deadline)
            if m is not None and m["msg_type"] == "update_display_data":
                late.append(m)
        self.assertEqual(late, [])

    def test_nbclient_notebook_keeps_the_final_view(self):
        """What `jupyter nbconvert --execute` saves: the first cell's output is the final view."""
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(SEARCH_CELL % {"home": self.home, "sleep_ms": 700}),
                    nbformat.v4.new_code_cell("exp.await(java.time.Duration.ofSeconds(60))")]
        NotebookClient(nb, kernel_name="jnas", timeout=120, startup_timeout=120).execute()
        outputs = nb.cells[0].outputs
        self.assertEqual([o.output_type for o in outputs], ["display_data"], outputs)
        html = outputs[0].data["text/html"]
        self.assertIn("6/6 trials", html)
        self.assertIn("DONE", html)
        self.assertIn("<svg", html)
        self.assertEqual(len(table_rows(html)), 6)
        self.assertEqual(nb.cells[1].outputs[0].data["text/plain"], "true")


if __name__ == "__main__":
    unittest.main()
