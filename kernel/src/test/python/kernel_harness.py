"""Shared helpers: start a kernel by name, run a cell and collect its IOPub messages."""
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def start(name="jnas"):
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    return km, kc


def messages(get_msg, timeout=TIMEOUT):
    """Messages from one channel (kc.get_iopub_msg, kc.get_shell_msg) until timeout seconds pass."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            yield get_msg(timeout=1)
        except Empty:
            continue


def collect_until_idle(kc, msg_id, timeout=TIMEOUT):
    """IOPub messages of one request up to its idle status (status messages left out)."""
    out = []
    for msg in messages(kc.get_iopub_msg, timeout):
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return out
            continue
        out.append(msg)
    raise AssertionError("no idle status for %s within %ss; got %r" % (msg_id, timeout, out))


def reply_for(kc, msg_id, timeout=TIMEOUT):
    return reply_for_on(kc.get_shell_msg, msg_id, timeout)


def reply_for_on(get_msg, msg_id, timeout=TIMEOUT):
    """The reply to msg_id from one channel (kc.get_shell_msg, kc.get_control_msg)."""
    for msg in messages(get_msg, timeout):
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise AssertionError("no reply for %s within %ss" % (msg_id, timeout))


def run(kc, code, timeout=TIMEOUT, **kw):
    """Executes code; returns (reply, iopub messages)."""
    msg_id = kc.execute(code, **kw)
    reply = reply_for(kc, msg_id, timeout)
    return reply, collect_until_idle(kc, msg_id, timeout)


def wait_for_execute_input(kc, msg_id, timeout=TIMEOUT):
    for msg in messages(kc.get_iopub_msg, timeout):
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return
    raise AssertionError("cell %s did not start" % msg_id)


def wait_for_class_path_index(kc, timeout=TIMEOUT):
    """Completes `import java.ut` until `util.` comes (or timeout seconds pass) and returns the last
    complete_reply content. The kernel lets JShell index the class path (a second or more of CPU)
    once no cell has come for a second: a test that measures the kernel's CPU waits for it first."""
    code = "import java.ut"
    deadline = time.time() + timeout
    while True:
        reply = reply_for(kc, kc.complete(code, len(code)))["content"]
        if "util." in reply["matches"] or time.time() > deadline:
            return reply
        time.sleep(0.2)


def cpu_seconds(pid):
    """User + system CPU time of a process, from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    import os
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def text_of(msgs, name="stdout"):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == name)


def busy_cpu(pid, settle=1.0, window=2.0):
    """CPU seconds per second used by a process over a window, after letting the JIT settle
    (the JVM recompiles for a moment after a stopped loop; a loop still running uses ~1.0)."""
    time.sleep(settle)
    c0 = cpu_seconds(pid)
    time.sleep(window)
    return (cpu_seconds(pid) - c0) / window
