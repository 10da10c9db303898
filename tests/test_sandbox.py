"""Hostile and misbehaving submissions are contained: a failed check, never a grader crash."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from conftest import GOOD_SIGMOID, ROOT, check
from grader.sandbox import detect_isolation

pytestmark = pytest.mark.slow  # every test grades through the sandbox


def _only_status(result):
    (task,) = result.tasks
    return task


def test_exit_at_import_is_a_load_error(grade_source):
    result = grade_source("import sys\nsys.exit(3)\n" + GOOD_SIGMOID)
    c = check(result, "sigmoid", "load")
    assert c.status == "error" and "SystemExit" in c.message
    assert not result.passed


def test_os_exit_inside_a_function_fails_the_check(grade_source):
    result = grade_source(GOOD_SIGMOID.replace("    s = sigmoid(x)", "    import os; os._exit(0)"))
    c = check(result, "sigmoid", "gradients")
    assert c.status == "error"
    assert "exited" in c.message and "os._exit" in c.message
    assert check(result, "sigmoid", "values").passed  # checks before it still count


def test_sys_exit_inside_a_function_is_an_error_not_an_exit(grade_source):
    result = grade_source(GOOD_SIGMOID.replace("    s = sigmoid(x)", "    raise SystemExit(0)"))
    c = check(result, "sigmoid", "gradients")
    assert c.status == "error" and "SystemExit" in c.message


def test_endless_loop_times_out_and_later_tasks_still_run(grade_source):
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    while True: pass") + """
def linear_forward(x, W, b):
    return x @ W + b
def linear_backward(dout, x, W, b):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)
"""
    t0 = time.monotonic()
    result = grade_source(src, timeout=3)
    assert time.monotonic() - t0 < 30
    c = check(result, "sigmoid", "gradients")
    assert c.status == "timeout" and "timed out after 3 s" in c.message
    assert check(result, "sigmoid", "grad_consistency").status == "not_gradable"
    linear = next(t for t in result.tasks if t.id == "linear")
    assert linear.passed


def test_memory_blow_up_is_contained(grade_source):
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    junk = [bytearray(1 << 26) for _ in range(10**4)]\n    s = sigmoid(x)")
    result = grade_source(src, call_timeout=30)  # touching 2 GiB takes seconds on a busy machine
    c = check(result, "sigmoid", "gradients")
    # a memory cgroup kills it; without one the address-space limit raises MemoryError
    assert c.status == "error" and ("MemoryError" in c.message or "MiB of memory" in c.message)


def test_output_flood_is_stopped(grade_source):
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    import sys\n    while True: sys.stdout.write('x' * 65536)")
    t0 = time.monotonic()
    result = grade_source(src, timeout=30)
    assert time.monotonic() - t0 < 25
    c = check(result, "sigmoid", "gradients")
    assert c.status == "error" and "printed more than" in c.message


def test_segfault_is_a_crash_report(grade_source):
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    import ctypes; ctypes.string_at(0)")
    c = check(grade_source(src), "sigmoid", "gradients")
    assert c.status == "error" and "SIGSEGV" in c.message


def test_huge_file_write_is_limited(grade_source):
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    f = open('big', 'wb')\n    [f.write(b'0' * (1 << 20)) for _ in range(200)]\n    s = sigmoid(x)")
    c = check(grade_source(src), "sigmoid", "gradients")
    assert c.status == "error" and ("SIGXFSZ" in c.message or "File too large" in c.message)


def test_cannot_read_reference_or_banks(grade_source):
    for target in (ROOT / "reference_impl" / "activations.py", ROOT / "questions" / "activations.yaml",
                   ROOT / "solutions" / "sigmoid.py", ROOT / "grader" / "cli.py"):
        src = GOOD_SIGMOID.replace("def sigmoid(x):", f"def sigmoid(x):\n    open({str(target)!r}).read()")
        c = check(grade_source(src), "sigmoid", "values")
        assert c.status == "error", target
        assert "PermissionError" in c.message or "FileNotFoundError" in c.message


def test_cannot_import_grader_or_reference(grade_source):
    for mod in ("reference_impl.activations", "grader", "solutions"):
        src = GOOD_SIGMOID.replace("def sigmoid(x):", f"def sigmoid(x):\n    import {mod}")
        c = check(grade_source(src), "sigmoid", "values")
        assert c.status == "error" and ("ImportError" in c.message or "ModuleNotFound" in c.message)


@pytest.mark.skipif(not detect_isolation().namespaces, reason="needs user namespaces")
def test_hidden_even_through_libc(grade_source):
    # the audit hook does not see libc calls; the mount namespace must still hide the files
    target = str(ROOT / "reference_impl" / "activations.py")
    src = GOOD_SIGMOID.replace("def sigmoid(x):", f"""def sigmoid(x):
    import ctypes
    fd = ctypes.CDLL(None).open({target!r}.encode(), 0)
    if fd >= 0:
        raise RuntimeError('READ THE REFERENCE')""")
    c = check(grade_source(src), "sigmoid", "values")
    assert c.passed, c.message


@pytest.mark.skipif(not detect_isolation().namespaces, reason="needs user namespaces")
def test_no_network_and_no_view_of_the_grader(grade_source):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # a real port on the grader's loopback
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    src = GOOD_SIGMOID.replace("def sigmoid(x):", f"""def sigmoid(x):
    import os, socket
    if len([p for p in os.listdir('/proc') if p.isdigit()]) > 5:
        raise RuntimeError('sees other processes')
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(1)
    try:
        s.connect(('127.0.0.1', {port}))
        s.send(b'HELLO FROM THE SANDBOX')
    except OSError:
        pass
    else:
        raise RuntimeError('network reachable')""")
    try:
        c = check(grade_source(src), "sigmoid", "values")
        with pytest.raises(BlockingIOError):  # nobody connected
            listener.accept()
        assert c.passed, c.message
    finally:
        listener.close()


def test_killing_the_parent_or_other_processes_is_impossible(grade_source):
    import subprocess
    import sys

    sentinel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        src = GOOD_SIGMOID.replace("    s = sigmoid(x)", f"""    import os, signal
    for pid in (os.getppid(), {sentinel.pid}, {os.getpid()}, -1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    s = sigmoid(x)""")
        result = grade_source(src)
        # the grader, a process of the user's and the verdict all survive the attempt
        assert sentinel.poll() is None, "the submission killed a process outside the sandbox"
        assert check(result, "sigmoid", "values").passed
        assert check(result, "sigmoid", "gradients").passed
    finally:
        sentinel.kill()
        sentinel.wait()


def test_fork_bomb_is_contained(grade_source):
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    import os\n    for _ in range(100000):\n        try:\n            os.fork()\n        except OSError:\n            pass\n    s = sigmoid(x)")
    before = _nobody_processes()
    t0 = time.monotonic()
    result = grade_source(src, timeout=5)
    assert time.monotonic() - t0 < 60
    c = check(result, "sigmoid", "gradients")
    assert not c.passed
    # nothing of it survives: no new process of the child's uid (with a bomb's thousands,
    # another grader's child or two on a shared machine cannot hide one), no cgroup of ours
    time.sleep(0.2)
    if os.geteuid() == 0 and detect_isolation().namespaces:
        assert len(_nobody_processes() - before) <= 2
    assert not list(Path("/sys/fs/cgroup/pids").glob(f"quiz-sandbox-{os.getpid()}-*"))


def _nobody_processes() -> set[str]:
    return {p for p in os.listdir("/proc") if p.isdigit() and _uid(p) == 65534}


def _uid(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Uid:"))
    except (OSError, StopIteration):
        return None


def test_object_arrays_and_subclasses_are_rejected(grade_source):
    src = GOOD_SIGMOID.replace("    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
                               "    return np.array(list(np.where(x >= 0, 1 / (1 + e), e / (1 + e))), dtype=object)")
    c = check(grade_source(src), "sigmoid", "values")
    assert c.status == "failed" and "object" in c.message
    src = GOOD_SIGMOID.replace("    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
                               "    return np.ma.masked_array(np.where(x >= 0, 1 / (1 + e), e / (1 + e)))")
    c = check(grade_source(src), "sigmoid", "values")
    assert c.status == "failed" and "subclass" in c.message


def test_forged_protocol_bytes_do_not_pass(grade_source):
    # writing fake answers on every open descriptor must not produce a passing verdict
    src = GOOD_SIGMOID.replace("    s = sigmoid(x)", """    import os, struct, json
    fake = json.dumps({"ok": True, "out": {"t": "float", "v": 0.0}}).encode()
    for fd in range(3, 20):
        try:
            os.write(fd, struct.pack('<Q', len(fake)) + fake)
        except OSError:
            pass
    s = sigmoid(x)""")
    c = check(grade_source(src), "sigmoid", "gradients")
    assert not c.passed


def test_isolation_is_reported(grade_source):
    result = grade_source(GOOD_SIGMOID)
    assert result.passed
    assert result.isolation["mechanisms"]
    if detect_isolation().namespaces:
        assert result.isolation["namespaces"] and result.isolation["jailed"]
        assert result.isolation["capabilities"] == 0
        assert result.isolation["uid"] != 0
    else:
        assert result.isolation["reason"]


def test_endless_loop_at_import_times_out(grade_source):
    result = grade_source("while True:\n    pass\n" + GOOD_SIGMOID, timeout=2)
    c = check(result, "sigmoid", "load")
    assert c.status == "timeout" and "importing the submission did not finish within 2 s" in c.message


def test_fallback_without_namespaces_still_isolates(grade_source, monkeypatch):
    from grader.sandbox import isolation

    monkeypatch.setenv("QUIZ_SANDBOX_NO_NAMESPACES", "1")
    isolation.detect_isolation.cache_clear()
    try:
        result = grade_source(GOOD_SIGMOID)
        assert result.passed
        assert result.isolation["namespaces"] is False
        assert "QUIZ_SANDBOX_NO_NAMESPACES" in result.isolation["reason"]
        target = str(ROOT / "reference_impl" / "activations.py")
        src = GOOD_SIGMOID.replace("def sigmoid(x):", f"def sigmoid(x):\n    open({target!r}).read()")
        c = check(grade_source(src), "sigmoid", "values")
        assert c.status == "error" and "does not let submissions read" in c.message
        src = GOOD_SIGMOID.replace("    s = sigmoid(x)", "    while True: pass")
        c = check(grade_source(src, timeout=2), "sigmoid", "gradients")
        assert c.status == "timeout"
    finally:
        monkeypatch.delenv("QUIZ_SANDBOX_NO_NAMESPACES")
        isolation.detect_isolation.cache_clear()
