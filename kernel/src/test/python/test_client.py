"""jupyter_client checks beyond the standard suite: interrupt, stdin, background displays, bad frames."""
import json
import time
import unittest

import zmq

import kernel_harness as h


class ClientTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start("jnas")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def interrupt_cell(self, code):
        # Background work of an idle kernel must not pass for a cell still running.
        h.wait_for_class_path_index(self.kc)
        msg_id = self.kc.execute(code)
        h.wait_for_execute_input(self.kc, msg_id)
        time.sleep(1.0)
        t0 = time.time()
        self.km.interrupt_kernel()
        reply = h.reply_for(self.kc, msg_id)
        elapsed = time.time() - t0
        h.collect_until_idle(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "InterruptedException")
        self.assertLess(elapsed, 2.0, "interrupt took %.3fs" % elapsed)
        # Nothing keeps burning a core once the cell is interrupted.
        pid = self.km.provisioner.process.pid
        self.assertLess(h.busy_cpu(pid), 0.5, "a stopped cell keeps burning CPU")
        reply, msgs = h.run(self.kc, "40 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["42"])

    def test_interrupt_busy_loop(self):
        self.interrupt_cell("long k = 0; while (true) { k++; }")

    def test_interrupt_sleep(self):
        self.interrupt_cell("for (int i = 0; i < 600; i++) { Thread.sleep(100); }")

    def test_stdin_when_allowed(self):
        code = ('var reader = new BufferedReader(new InputStreamReader(System.in));\n'
                'System.out.println("got " + reader.readLine());')
        msg_id = self.kc.execute(code, allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=h.TIMEOUT)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.kc.input("forty two")
        reply = h.reply_for(self.kc, msg_id)
        msgs = h.collect_until_idle(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(h.text_of(msgs), "got forty two\n")

    def test_stdin_when_not_allowed_fails_clearly(self):
        reply, msgs = h.run(self.kc, "System.in.read()", allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("stdin is not available", reply["content"]["evalue"])

    def test_display_updates_from_thread_after_cell_finished(self):
        code = ('var handle = display(html("<i>0</i>"));\n'
                'var t = new Thread(() -> {\n'
                '  try { Thread.sleep(700); } catch (InterruptedException e) { return; }\n'
                '  for (int i = 1; i <= 3; i++) handle.update(html("<i>" + i + "</i>"));\n'
                '  System.out.println("late line");\n'
                '});\n'
                't.setDaemon(true); t.start();')
        reply, msgs = h.run(self.kc, code)
        self.assertEqual(reply["content"]["status"], "ok")
        cell_id = reply["parent_header"]["msg_id"]
        shown = [m for m in msgs if m["msg_type"] == "display_data"]
        self.assertEqual(len(shown), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        updates, late = [], ""
        for m in h.messages(self.kc.get_iopub_msg, timeout=20):
            if m["msg_type"] == "update_display_data":
                self.assertEqual(m["parent_header"]["msg_id"], cell_id)
                self.assertEqual(m["content"]["transient"]["display_id"], display_id)
                updates.append(m["content"]["data"]["text/html"])
            elif m["msg_type"] == "stream":
                self.assertEqual(m["parent_header"]["msg_id"], cell_id)
                late += m["content"]["text"]
            if len(updates) == 3 and "late line" in late:
                break
        self.assertEqual(updates, ["<i>1</i>", "<i>2</i>", "<i>3</i>"])
        self.assertIn("late line", late)

    def test_ten_thousand_lines_arrive_whole_in_few_messages(self):
        reply, msgs = h.run(self.kc, 'for (int i = 0; i < 10000; i++) System.out.println("line " + i);')
        self.assertEqual(reply["content"]["status"], "ok")
        text = h.text_of(msgs)
        self.assertEqual(text.splitlines(), ["line %d" % i for i in range(10000)])
        self.assertLess(len([m for m in msgs if m["msg_type"] == "stream"]), 60)

    def test_printf_shows_its_output_not_the_stream(self):
        reply, msgs = h.run(self.kc, 'System.out.printf("%d trials%n", 18)')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(h.text_of(msgs), "18 trials\n")
        self.assertEqual([m for m in msgs if m["msg_type"] == "execute_result"], [])

    def test_shown_values_stay_reachable_with_out(self):
        reply, _ = h.run(self.kc, 'List.of("a", "b")')
        n = reply["content"]["execution_count"]
        reply, msgs = h.run(self.kc, "List<String> again = out(%d);\nagain.get(1) + out()" % n)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"],
                         ["b[a, b]"])
        reply, _ = h.run(self.kc, "out(%d)" % (n + 1000))
        self.assertEqual(reply["content"]["ename"], "java.util.NoSuchElementException")
        self.assertIn("showed no value", reply["content"]["evalue"])

    def test_busy_and_idle_bracket_each_queued_request_in_order(self):
        # The first request's "busy" may come from the I/O thread, the queued ones' from the cell
        # thread: a frontend must still see busy A ... idle A, busy B ... idle B, busy C ... idle C.
        ids = [self.kc.execute("Thread.sleep(200)"), self.kc.complete("Math.ab", 7), self.kc.execute("1 + 1")]
        for msg_id in ids:
            h.reply_for(self.kc, msg_id)
        states = []
        for m in h.messages(self.kc.get_iopub_msg):
            if m["msg_type"] == "status" and m["parent_header"].get("msg_id") in ids:
                states.append((ids.index(m["parent_header"]["msg_id"]), m["content"]["execution_state"]))
            if states and states[-1] == (2, "idle"):
                break
        self.assertEqual(states, [(0, "busy"), (0, "idle"), (1, "busy"), (1, "idle"), (2, "busy"), (2, "idle")])

    def test_package_names_complete_once_no_cell_has_come_for_a_second(self):
        # JShell indexes the class path for package names only while the kernel is idle.
        h.run(self.kc, "1 + 1")
        reply = h.wait_for_class_path_index(self.kc)
        self.assertIn("util.", reply["matches"])
        self.assertEqual(reply["cursor_start"], len("import java."))

    def test_cells_queued_behind_a_failed_cell_are_aborted(self):
        # Run All: the frontend sends every cell at once; after a failure the rest must not run.
        failing = self.kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("setup failed")')
        queued = self.kc.execute('System.out.println("ran after the failure")')
        forgiving = self.kc.execute('System.out.println("stop_on_error off")', stop_on_error=False)
        replies = [h.reply_for(self.kc, m) for m in (failing, queued, forgiving)]
        self.assertEqual([r["content"]["status"] for r in replies], ["error", "aborted", "aborted"])
        ours = []
        for m in h.messages(self.kc.get_iopub_msg):
            if m["parent_header"].get("msg_id") in (failing, queued, forgiving):
                ours.append(m)
            if m["parent_header"].get("msg_id") == forgiving and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                break
        self.assertEqual(h.text_of(ours), "")
        self.assertNotIn("execute_input", [m["msg_type"] for m in ours if m["parent_header"].get("msg_id") == queued])
        # The abort covers only what was queued at the failure: the next cell runs.
        reply, msgs = h.run(self.kc, 'System.out.println("fresh")')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(h.text_of(msgs), "fresh\n")
        # A failing cell sent with stop_on_error=False lets the queue run.
        failing = self.kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("tolerated")', stop_on_error=False)
        after = self.kc.execute("6 * 7")
        statuses = [h.reply_for(self.kc, m)["content"]["status"] for m in (failing, after)]
        self.assertEqual(statuses, ["error", "ok"])
        h.collect_until_idle(self.kc, after)
        # So does a failing silent request (frontends send those on their own), as in ipykernel.
        failing = self.kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("quiet")', silent=True)
        after = self.kc.execute("6 * 7")
        statuses = [h.reply_for(self.kc, m)["content"]["status"] for m in (failing, after)]
        self.assertEqual(statuses, ["error", "ok"])
        h.collect_until_idle(self.kc, after)

    def test_a_declaration_javac_cannot_generate_is_an_error_and_later_cells_behave(self):
        reply, msgs = h.run(self.kc, 'String tooLong = "%s";' % ("x" * 70000))
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("constant string too long", reply["content"]["evalue"])
        self.assertIn("error", [m["msg_type"] for m in msgs])
        reply, msgs = h.run(self.kc, 'int afterTooLong = 41;\nSystem.out.println("printed " + (afterTooLong + 1));')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(h.text_of(msgs), "printed 42\n")
        reply, msgs = h.run(self.kc, "afterTooLong")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["41"])

    def test_shell_requests_on_control_are_refused_there_and_never_run(self):
        # On control, a cell would run on the kernel's only I/O thread and freeze every channel.
        sent = []
        for msg_type, content in (("execute_request", {"code": "while (true) {}", "silent": False}),
                                  ("complete_request", {"code": "Math.ab", "cursor_pos": 7})):
            msg = self.kc.session.msg(msg_type, content)
            self.kc.control_channel.send(msg)
            sent.append(msg["header"]["msg_id"])
        for msg_id in sent:
            reply = h.reply_for_on(self.kc.get_control_msg, msg_id)
            self.assertEqual(reply["content"]["status"], "error")
            self.assertEqual(reply["content"]["ename"], "WrongChannel")
        reply, msgs = h.run(self.kc, "6 * 7")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["42"])

    def test_system_exit_ends_the_cell_not_the_kernel(self):
        reply, _ = h.run(self.kc, "int keptOverExit = 7;")
        self.assertEqual(reply["content"]["status"], "ok")
        for code, call in (("System.exit(3);", "System.exit(3)"), ("Runtime.getRuntime().halt(4);", "Runtime.halt(4)")):
            reply, msgs = h.run(self.kc, code)
            self.assertEqual(reply["content"]["status"], "error", code)
            self.assertEqual(reply["content"]["ename"], "org.jnas.kernel.repl.ExitNotAllowedException")
            self.assertIn(call + " is not allowed in a notebook cell", reply["content"]["evalue"])
        reply, msgs = h.run(self.kc, "keptOverExit")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["7"])
        self.assertTrue(self.km.is_alive())

    def test_an_exception_a_cell_thread_does_not_catch_is_shown(self):
        # JShell drops every uncaught exception but its snippet thread's; the kernel prints them
        reply, msgs = h.run(self.kc, "Runtime.version().feature()")
        feature = int([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"][0])
        if feature >= 20:
            self.skipTest("JShell on JDK %d handles its thread group's exceptions itself, out of the kernel's reach" % feature)
        code = ('Thread t = new Thread(() -> { throw new IllegalStateException("boom in thread"); }, "worker-1");'
                ' t.start(); t.join();')
        reply, msgs = h.run(self.kc, code)
        self.assertEqual(reply["content"]["status"], "ok")
        err = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn('Exception in thread "worker-1" java.lang.IllegalStateException: boom in thread', err)
        reply, msgs = h.run(self.kc, 'Thread x = new Thread(() -> System.exit(5), "exiter"); x.start(); x.join();')
        err = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("System.exit(5) is not allowed in a notebook cell", err)
        self.assertTrue(self.km.is_alive())

    def test_an_interrupt_stops_a_busy_virtual_thread_without_a_trace(self):
        reply, msgs = h.run(self.kc, "Runtime.version().feature()")
        feature = int([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"][0])
        if feature < 21:
            self.skipTest("no virtual threads on JDK %d" % feature)
        msg_id = self.kc.execute('Thread vb = Thread.ofVirtual().name("vbusy").start(() -> { long c = 0; while (true) c++; });'
                                 ' vb.join();')
        time.sleep(2)
        self.km.interrupt_kernel()
        msgs = h.collect_until_idle(self.kc, msg_id)
        self.assertEqual(h.reply_for(self.kc, msg_id)["content"]["status"], "error")
        reply, later = h.run(self.kc, "Thread.sleep(500); vb.isAlive()")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in later if m["msg_type"] == "execute_result"], ["false"])
        err = "".join(m["content"]["text"] for m in msgs + later
                      if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertNotIn("ThreadDeath", err)

    def test_magics(self):
        reply, msgs = h.run(self.kc, "%%time\nint a = 2;\na * 21")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("Wall time", h.text_of(msgs))
        reply, _ = h.run(self.kc, "%nosuchmagic")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("%maven", reply["content"]["evalue"])

    def test_bad_frames_are_dropped_and_kernel_still_works(self):
        info = self.km.get_connection_info()
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect("tcp://%s:%d" % (info["ip"], info["shell_port"]))
        session = self.kc.session

        def frames(msg_type, content, sign=True, header=None):
            msg = session.msg(msg_type, content)
            parts = [json.dumps(header if header is not None else msg["header"], default=str).encode(),
                     b"{}", b"{}", json.dumps(content).encode()]
            sig = session.sign(parts) if sign else b""
            return [b"<IDS|MSG>", sig] + parts

        sock.send_multipart([b"garbage"])                                   # no delimiter
        sock.send_multipart([b"<IDS|MSG>", b"sig"])                         # too few frames
        bad_json = [b"{not json", b"{}", b"{}", b"{}"]
        sock.send_multipart([b"<IDS|MSG>", session.sign(bad_json)] + bad_json)  # invalid JSON, signed
        # Each refused cell would define a variable: none may exist afterwards.
        f = frames("execute_request", {"code": "int ranWrongSignature = 1;"})
        f[1] = b"0" * 64
        sock.send_multipart(f)                                              # wrong signature
        sock.send_multipart(frames("execute_request", {"code": "int ranUnsigned = 1;"}, sign=False))  # unsigned
        # Over the kernelspec's jnas.maxMessageBytes (1 MiB) together, each frame under it.
        half = "x" * (600 * 1024)
        sock.send_multipart(frames("execute_request", {"code": "int ranOverLimit = 1;"}) + [half.encode()] * 2)
        sock.send_multipart(frames("no_such_request", {}))                  # unknown type
        self.assertTrue(sock.poll(30000), "no reply to the unknown request")
        reply = session.deserialize(session.feed_identities(sock.recv_multipart())[1])
        self.assertEqual(reply["msg_type"], "no_such_reply")
        self.assertEqual(reply["content"]["status"], "error")
        sock.close()
        # One frame over the limit: refused as its header arrives, with its connection.
        big = ctx.socket(zmq.DEALER)
        big.linger = 5000  # send it before closing
        big.connect("tcp://%s:%d" % (info["ip"], info["shell_port"]))
        big.send_multipart(frames("execute_request", {"code": "int ranHugeFrame = 1; // " + "x" * (2 * 1024 * 1024)}))
        big.close()
        reply, msgs = h.run(self.kc, "1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        for name in ("ranWrongSignature", "ranUnsigned", "ranOverLimit", "ranHugeFrame"):
            reply, _ = h.run(self.kc, name)
            self.assertEqual(reply["content"]["status"], "error", "a refused message ran: %s is defined" % name)
        self.assertTrue(self.km.is_alive())


class ShutdownTests(unittest.TestCase):
    def test_process_exits_soon_after_shutdown_request(self):
        km, kc = h.start("jnas")
        try:
            h.run(kc, 'new Thread(() -> { while (true) { try { Thread.sleep(50); } catch (Exception e) {} } }).start();')
            proc = km.provisioner.process
            t0 = time.time()
            kc.shutdown()
            reply = kc.get_control_msg(timeout=h.TIMEOUT) if hasattr(kc, "get_control_msg") else None
            while proc.poll() is None and time.time() - t0 < 10:
                time.sleep(0.01)
            elapsed = time.time() - t0
            self.assertIsNotNone(proc.poll(), "kernel still running 10 s after shutdown_request")
            self.assertLess(elapsed, 2.0)
            if reply is not None:
                self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            km.cleanup_resources()


class RestartTests(unittest.TestCase):
    def test_restart_gives_a_fresh_working_kernel(self):
        km, kc = h.start("jnas")
        try:
            h.run(kc, "int before = 1;")
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=120)
            reply, msgs = h.run(kc, "1 + 1")
            self.assertEqual(reply["content"]["status"], "ok")
            reply, _ = h.run(kc, "before")
            self.assertEqual(reply["content"]["status"], "error")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
