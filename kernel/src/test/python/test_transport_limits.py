"""A peer without the key: frame headers that declare huge sizes, sent as raw ZMTP bytes.

A ZeroMQ frame header declares its size before any data or signature arrives; a socket without a
maximum message size allocates that much at once. The kernel's sockets must refuse such a frame
(closing that connection) and keep answering; and should a thread of its sockets die all the same,
the process must end, so that Jupyter's restarter acts instead of a kernel that lives on deaf.
"""
import socket
import struct
import time
import unittest

from jupyter_client.manager import KernelManager

import kernel_harness as h

GIB = 1 << 30


def zmtp_peer(port, timeout=30):
    """A TCP connection to a kernel socket that has done the ZMTP 3.0 NULL handshake as a DEALER."""
    deadline = time.time() + timeout
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.settimeout(1)
    # Signature, version 3.0, mechanism NULL (20 bytes), as-server 0, filler (31 bytes): 64 bytes.
    sock.sendall(b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" * 32)
    greeting = b""
    while len(greeting) < 64:
        if time.time() > deadline:
            raise AssertionError("no ZMTP greeting from port %d within %ss" % (port, timeout))
        try:
            chunk = sock.recv(64 - len(greeting))
        except socket.timeout:
            continue
        if not chunk:
            raise AssertionError("port %d closed the connection during the greeting" % port)
        greeting += chunk
    ready = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", 6) + b"DEALER"
    sock.sendall(bytes([0x04, len(ready)]) + ready)
    return sock


def declare_frame(sock, size):
    """Sends only the header of a long frame of `size` bytes (flags 0x02, 8-byte size): no data."""
    sock.sendall(b"\x02" + struct.pack(">Q", size))


def closed_by_peer(sock, timeout=h.TIMEOUT):
    """Whether the kernel closes the connection within timeout seconds (bytes it sends are skipped)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if not sock.recv(4096):
                return True
        except socket.timeout:
            continue
        except ConnectionResetError:
            return True
    return False


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS for process %d" % pid)


class HugeFrameTests(unittest.TestCase):
    def test_a_frame_declaring_a_gibibyte_is_refused_and_the_kernel_still_answers(self):
        km, kc = h.start("jnas")  # the test kernelspec sets jnas.maxMessageBytes to 1 MiB
        try:
            pid = km.provisioner.process.pid
            before = rss_bytes(pid)
            shell_port = km.get_connection_info()["shell_port"]
            peers = [zmtp_peer(shell_port) for _ in range(2)]
            for peer in peers:
                declare_frame(peer, GIB)
            for peer in peers:
                self.assertTrue(closed_by_peer(peer), "the kernel kept a connection that declared a 1 GiB frame")
                peer.close()
            reply = h.reply_for(kc, kc.kernel_info())
            self.assertEqual(reply["content"]["status"], "ok")
            reply, _ = h.run(kc, "6 * 7")
            self.assertEqual(reply["content"]["status"], "ok")
            grown = rss_bytes(pid) - before
            self.assertLess(grown, GIB // 2, "the kernel's memory grew by %d bytes" % grown)
            self.assertTrue(km.is_alive())
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def test_the_process_ends_when_a_thread_of_its_sockets_dies(self):
        # A limit above the declared size and a heap (thus direct memory) below it: JeroMQ's I/O
        # thread dies of an OutOfMemoryError while allocating the frame.
        km = KernelManager(kernel_name="jnas")
        argv = km.kernel_spec.argv
        argv[argv.index("-cp"):argv.index("-cp")] = ["-Xmx192m", "-Djnas.maxMessageBytes=%d" % (4 * GIB)]
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            peer = zmtp_peer(km.get_connection_info()["shell_port"])
            declare_frame(peer, GIB)
            process = km.provisioner.process
            deadline = time.time() + h.TIMEOUT
            while process.poll() is None and time.time() < deadline:
                time.sleep(0.05)
            peer.close()
            self.assertIsNotNone(process.poll(), "the kernel lives on after JeroMQ's I/O thread died")
            self.assertEqual(process.returncode, 70)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
