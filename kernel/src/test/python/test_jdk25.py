"""The kernel on JDK 25: a cell runs and an interrupt stops a busy loop."""
import os
import time
import unittest

import kernel_harness as h


@unittest.skipUnless(os.environ.get("JNAS_TEST_JDK25"), "JNAS_TEST_JDK25 not set (no JDK 25 found)")
class Jdk25Tests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start("jnas25")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def test_execute_and_interrupt(self):
        reply, msgs = h.run(self.kc, "Runtime.version().feature()")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["25"])
        # Background work of an idle kernel must not pass for a cell still running.
        h.wait_for_class_path_index(self.kc)
        for code in ("long k = 0; while (true) { k++; }", "while (true) { Thread.sleep(100); }"):
            msg_id = self.kc.execute(code)
            h.wait_for_execute_input(self.kc, msg_id)
            time.sleep(1.0)
            t0 = time.time()
            self.km.interrupt_kernel()
            reply = h.reply_for(self.kc, msg_id)
            self.assertLess(time.time() - t0, 2.0)
            self.assertEqual(reply["content"]["ename"], "InterruptedException")
            h.collect_until_idle(self.kc, msg_id)
            pid = self.km.provisioner.process.pid
            self.assertLess(h.busy_cpu(pid), 0.5, "a stopped cell keeps burning CPU")
        reply, _ = h.run(self.kc, "1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")


    def test_system_exit_in_a_cell_or_on_a_thread_it_starts_ends_that_cell_only(self):
        reply, _ = h.run(self.kc, "System.exit(3);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("System.exit(3) is not allowed in a notebook cell", reply["content"]["evalue"])
        code = ("java.util.function.IntUnaryOperator evaluator = trial -> { if (trial == 2) Runtime.getRuntime().halt(5); return trial; };\n"
                "var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();\n"
                "var worker = new Thread(() -> { try { evaluator.applyAsInt(2); } catch (Throwable e) { failure.set(e); } });\n"
                "worker.start();\nworker.join();\nfailure.get().getMessage()")
        reply, msgs = h.run(self.kc, code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        shown = [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(shown), 1)
        self.assertIn("Runtime.halt(5) is not allowed in a notebook cell", shown[0])
        self.assertTrue(self.km.is_alive())


if __name__ == "__main__":
    unittest.main()
