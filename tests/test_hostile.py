"""Hostile submissions, one class of attack per test, each judged by its effect on the host.

Every test asserts what an attacker would want to have happened did not: the file outside
is byte for byte unchanged, the secret is nowhere in the result, nobody accepted the
connection, no process or cgroup is left, the verdict is a fail and the grader said why.
"Grading finished" alone proves nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import sysconfig
import textwrap
import time
from pathlib import Path

import pytest

from conftest import GOOD_SIGMOID as SIGMOID
from conftest import ROOT, check
from grader.sandbox import detect_isolation

pytestmark = pytest.mark.slow  # every test grades (or starts a grader) through the sandbox

JAILED = detect_isolation().namespaces
needs_jail = pytest.mark.skipif(not JAILED, reason="SKIPPED LOUDLY: this machine cannot build "
                                "the jail (no user/mount namespaces); the fallback is tested below")

def _attack_in_sigmoid(body: str) -> str:
    """A correct sigmoid whose first call runs `body` (which must not raise to count)."""
    body = textwrap.indent(textwrap.dedent(body), "        ")
    return SIGMOID.replace("def sigmoid(x):\n", "_done = []\ndef sigmoid(x):\n    if not _done:\n"
                           "        _done.append(1)\n" + body + "\n", 1)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _all_text(result) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False)


# ------------------------------------------------------------------------------ write, persist
@needs_jail
def test_cannot_write_or_persist_anything_outside_its_scratch(grade_source, tmp_path, isolated_home):
    outside = tmp_path / "outside.txt"
    outside.write_text("original\n")
    sibling = tmp_path / "other_candidate.py"
    sibling.write_text(SIGMOID)
    isolated_home.mkdir(parents=True, exist_ok=True)
    db = isolated_home / "progress.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    site = Path(sysconfig.get_paths()["purelib"])
    pth = site / "zz_quiz_hostile_test.pth"
    bashrc = Path.home() / ".bashrc"
    grader_init = ROOT / "grader" / "__init__.py"
    watched = [outside, sibling, db, bashrc, grader_init, Path(sys.executable).resolve()]
    before = {p: _digest(p) for p in watched}
    targets = [*map(str, watched), str(pth), "/usr/lib/quiz_hostile", "/tmp/../usr/lib/x",
               str(site / "numpy" / "__init__.py")]
    src = _attack_in_sigmoid(f"""
        import ctypes, os
        libc = ctypes.CDLL(None)
        for t in {targets!r}:
            try:
                with open(t, "a") as f:
                    f.write("import os; os.system('echo PWNED')\\n")
            except OSError:
                pass
            libc.open(t.encode(), 0o2101, 0o644)  # O_WRONLY|O_CREAT|O_APPEND through libc
        big = open("filler", "wb")
        try:
            for _ in range(1000):
                big.write(b"0" * (1 << 20))   # 1 GB would fill a disk; the scratch is a small tmpfs
        except OSError:
            pass
    """)
    try:
        result = grade_source(src, call_timeout=10)
        assert {p: _digest(p) for p in watched} == before
        assert not pth.exists()
        assert not Path("/usr/lib/quiz_hostile").exists()
        assert check(result, "sigmoid", "values").passed  # its own scratch was writable
    finally:
        pth.unlink(missing_ok=True)


# ------------------------------------------------------------------------------ read
@needs_jail
def test_cannot_read_secrets_solutions_or_the_host(grade_source, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN KEY----- SECRET-MATERIAL-4242\n")
    from grader.banks import data_dir

    solution = data_dir("solutions") / "sigmoid.py"
    marker = solution.read_text().splitlines()[0]
    targets = [str(secret), str(solution), str(ROOT / "solutions" / "sigmoid.py"),
               str(ROOT / "reference_impl" / "activations.py"), "/etc/shadow", "/root/.bash_history",
               str(Path.home() / ".ssh" / "id_rsa")]
    src = _attack_in_sigmoid(f"""
        import os
        found = []
        for t in {targets!r}:
            try:
                found.append(open(t).read())
            except OSError:
                pass
        for top in ("/home", "/sys", "/run", "/var", "/opt", "/mnt", "/srv"):
            if os.path.isdir(top):
                found.append("listed " + top + ": " + ",".join(os.listdir(top)))
        if found:
            raise RuntimeError("LEAK " + " | ".join(found))
    """)
    result = grade_source(src)
    text = _all_text(result)
    assert "SECRET-MATERIAL" not in text and "LEAK" not in text
    assert marker not in text
    assert check(result, "sigmoid", "values").passed


@needs_jail
def test_sees_only_its_own_processes_and_no_grader_paths(grade_source):
    src = _attack_in_sigmoid("""
        import os
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
        if pids != ["1"]:
            raise RuntimeError("SEES " + ",".join(pids))
        if os.getuid() == 0 and os.path.exists("/proc/self/status"):
            caps = [l for l in open("/proc/self/status") if l.startswith("CapEff")]
            if caps and int(caps[0].split()[1], 16):
                raise RuntimeError("HAS CAPABILITIES")
    """)
    result = grade_source(src)
    assert check(result, "sigmoid", "values").passed, check(result, "sigmoid", "values").message


# ------------------------------------------------------------------------------ sockets, network
@needs_jail
def test_cannot_reach_host_unix_sockets_or_network(grade_source, tmp_path):
    path = tmp_path / "host.sock"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(str(path))
    os.chmod(path, 0o777)
    srv.listen(5)
    srv.setblocking(False)
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abstract.bind(b"\0quiz-hostile-test")
    abstract.listen(5)
    abstract.setblocking(False)
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(5)
    tcp.setblocking(False)
    port = tcp.getsockname()[1]
    src = _attack_in_sigmoid(f"""
        import socket
        for family, addr in ((socket.AF_UNIX, {str(path)!r}), (socket.AF_UNIX, b"\\0quiz-hostile-test"),
                             (socket.AF_INET, ("127.0.0.1", {port}))):
            s = socket.socket(family, socket.SOCK_STREAM)
            s.settimeout(1)
            try:
                s.connect(addr)
                s.send(b"HELLO FROM THE SANDBOX")
            except OSError:
                pass
    """)
    try:
        result = grade_source(src)
        for server in (srv, abstract, tcp):
            with pytest.raises(BlockingIOError):
                server.accept()
        assert check(result, "sigmoid", "values").passed
    finally:
        for server in (srv, abstract, tcp):
            server.close()


# ------------------------------------------------------------------------------ limits
@needs_jail
def test_cannot_see_or_raise_its_limits(grade_source):
    src = _attack_in_sigmoid("""
        import ctypes, os
        escaped = []
        for p in ("/sys/fs/cgroup", "/sys/fs/cgroup/pids", "/proc/self/cgroup"):
            if os.path.exists(p) and p.startswith("/sys"):
                escaped.append(p)
        libc = ctypes.CDLL(None)
        for flags in (0x10000000, 0x00020000, 0x10000000 | 0x00020000):  # user, mount ns
            if libc.unshare(flags) == 0:
                escaped.append(f"unshare {flags:#x}")
        if libc.mount(b"none", b"/work", b"tmpfs", 0, None) == 0:
            escaped.append("mount")
        import resource
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))
            escaped.append("raised RLIMIT_CPU")
        except (ValueError, OSError):
            pass
        if escaped:
            raise RuntimeError("ESCAPED " + ", ".join(escaped))
    """)
    result = grade_source(src)
    c = check(result, "sigmoid", "values")
    assert c.passed, c.message


def test_no_process_or_cgroup_is_left_behind(grade_source):
    # a daemon that double-forks, renames itself and ignores SIGTERM; then the child crashes
    src = _attack_in_sigmoid("""
        import os, signal, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                open("/proc/self/comm", "w").write("quizleftover")
                while True:
                    time.sleep(0.1)
            os._exit(0)
        time.sleep(0.3)
        import ctypes
        ctypes.string_at(0)   # crash: the grader must still clean up
    """)
    result = grade_source(src)
    assert not result.passed
    time.sleep(0.3)
    comms = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            comms.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            pass
    assert "quizleftover" not in comms
    for root in (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup")):
        assert not list(root.glob(f"quiz-sandbox-{os.getpid()}-*")), root


@needs_jail
def test_filling_memory_fails_but_torch_still_imports(grade_source):
    src = _attack_in_sigmoid("""
        import numpy as np
        a = np.ones(6 * 2**30 // 8)   # touches 6 GB
    """)
    result = grade_source(src, call_timeout=30)
    c = check(result, "sigmoid", "values")
    assert c.status == "error" and ("MiB of memory" in c.message or "MemoryError" in c.message)
    torch_src = "FRAMEWORK = 'torch'\nimport torch\n" + """
def sigmoid(x):
    return torch.sigmoid(x)
"""
    result = grade_source(torch_src)
    assert check(result, "sigmoid", "values").passed


# ------------------------------------------------------------------------------ forged frames
_FORGE = """
import sys, struct, json, io
import numpy as np
_main = sys.modules["__main__"]
def _forged_send(self, header, blobs=()):
    data, blobs = FORGE()
    self.w.write(struct.pack("<Q", len(data)) + data + b"".join(blobs))
"""

_FORGERIES = {
    "deep json": 'lambda: (b\'{"ok": true, "out": \' + b"[" * 200000 + b"]" * 200000 + b"}", [])',
    "object dtype": "lambda: _obj()",
    "wrong field type": 'lambda: (json.dumps({"ok": "yes", "out": {"t": "float", "v": 0.5}}).encode(), [])',
    "items not a list": 'lambda: (json.dumps({"ok": True, "out": {"t": "list", "items": "abc"}}).encode(), [])',
    "index out of range": 'lambda: (json.dumps({"ok": True, "out": {"t": "array", "i": 7}}).encode(), [])',
    "error is a string": 'lambda: (json.dumps({"ok": False, "error": "a string"}).encode(), [])',
    "huge header": 'lambda: (b"x" * 10, [])',
    "negative blob": 'lambda: (json.dumps({"ok": True, "blobs": [-5]}).encode(), [])',
    "not json": 'lambda: (b"\\xff\\xfe garbage", [])',
}

_OBJ = """
def _obj():
    buf = io.BytesIO()
    np.save(buf, np.array([1, None], dtype=object), allow_pickle=True)
    blob = buf.getvalue()
    return json.dumps({"ok": True, "out": {"t": "array", "i": 0}, "blobs": [len(blob)]}).encode(), [blob]
"""


@pytest.mark.parametrize("kind", sorted(_FORGERIES))
@pytest.mark.parametrize("when", ["call", "load"])
def test_forged_frames_are_a_protocol_failure_not_a_crash(grade_source, kind, when):
    forge = _FORGE + _OBJ + f"FORGE = {_FORGERIES[kind]}\n"
    if kind == "huge header":
        forge = forge.replace('struct.pack("<Q", len(data))', 'struct.pack("<Q", 1 << 40)')
    if when == "load":
        src = forge + "_main.Channel.send = _forged_send\n" + SIGMOID
    else:
        src = SIGMOID.replace("def sigmoid(x):\n", "def sigmoid(x):\n    _main.Channel.send = _forged_send\n", 1)
        src = forge + src
    result = grade_source(src, timeout=10)
    assert not result.passed
    failed = [c for t in result.tasks for c in t.checks if not c.passed]
    assert failed
    first = failed[0]
    assert first.status in ("error", "failed", "timeout")
    assert any(w in first.message for w in ("malformed", "unreadable", "sandbox sent", "invalid array",
                                            "not what the sandbox", "answer")), first.message


def test_forged_frame_through_the_cli_gives_exit_1_and_no_traceback(quiz_cli, tmp_path):
    sub = tmp_path / "forge.py"
    sub.write_text(_FORGE + _OBJ + f"FORGE = {_FORGERIES['deep json']}\n"
                   + "_main.Channel.send = _forged_send\n" + SIGMOID)
    out = quiz_cli("grade", sub, "--no-record")
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert "FAIL" in out.stdout


# ------------------------------------------------------------------------------ scratch trees
@pytest.mark.parametrize("jail", [True, False], ids=["jail", "fallback"])
def test_a_deep_directory_tree_is_cleaned_up(grade_source, monkeypatch, jail, tmp_path):
    from grader.sandbox import isolation

    if jail and not JAILED:
        pytest.skip("SKIPPED LOUDLY: no jail on this machine")
    if not jail:
        monkeypatch.setenv("QUIZ_SANDBOX_NO_NAMESPACES", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    isolation.detect_isolation.cache_clear()
    try:
        src = _attack_in_sigmoid("""
            import os
            for _ in range(3000):
                os.mkdir("d")
                os.chdir("d")
            open("leaf", "w").write("x")
        """)
        result = grade_source(src, call_timeout=20)
        assert check(result, "sigmoid", "values").passed
        assert not list(tmp_path.glob("quiz-sandbox-*"))
    finally:
        isolation.detect_isolation.cache_clear()


# ------------------------------------------------------------------------------ time
def test_a_correct_but_slow_solution_fails_as_too_slow(grade_source):
    src = SIGMOID.replace("    e = np.exp(-np.abs(x))", "    import time; time.sleep(3)\n    e = np.exp(-np.abs(x))")
    t0 = time.monotonic()
    result = grade_source(src)
    c = check(result, "sigmoid", "values")
    assert c.status == "timeout" and "too slow" in c.message and "> limit 2 s" in c.message
    assert not result.passed
    assert time.monotonic() - t0 < 30


def test_a_hang_is_reported_within_seconds(grade_source):
    src = SIGMOID.replace("    e = np.exp(-np.abs(x))", "    while True: pass")
    t0 = time.monotonic()
    result = grade_source(src)
    took = time.monotonic() - t0
    c = check(result, "sigmoid", "values")
    assert c.status == "timeout" and "did not return within 6 s" in c.message
    assert took < 20


def test_the_child_clock_cannot_speed_up_time(grade_source):
    # faking time inside the child changes nothing: the parent measures
    src = SIGMOID.replace("    e = np.exp(-np.abs(x))", "    import time\n    time.perf_counter = lambda: 0.0\n"
                          "    time.monotonic = lambda: 0.0\n    time.sleep(3)\n    e = np.exp(-np.abs(x))")
    c = check(grade_source(src), "sigmoid", "values")
    assert c.status == "timeout" and "too slow" in c.message


# ------------------------------------------------------------------------------ fallback
def test_fallback_says_what_a_submission_could_do_and_require_sandbox_refuses(quiz_cli, tmp_path):
    marker = tmp_path / "ran.txt"
    sub = tmp_path / "sub.py"
    sub.write_text(f"open({str(marker)!r}, 'w').write('ran')\n" + SIGMOID)
    env = {**os.environ, "QUIZ_SANDBOX_NO_NAMESPACES": "1", "COLUMNS": "100"}
    out = subprocess.run([sys.executable, "-m", "grader", "grade", str(sub), "--no-record",
                          "--require-sandbox"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 2 and "--require-sandbox" in out.stderr
    assert not marker.exists()  # nothing of the submission ran
    out = subprocess.run([sys.executable, "-m", "grader", "grade", str(sub), "--no-record", "--json"],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    iso = json.loads(out.stdout)["isolation"]
    assert iso["jailed"] is False
    assert "read" in iso["risks"] and "--require-sandbox" in iso["risks"]


@pytest.mark.skipif(os.geteuid() != 0, reason="SKIPPED LOUDLY: needs root to start a grader as another user")
@needs_jail
def test_an_unprivileged_grader_builds_the_jail_too():
    """As a plain user the jail comes from a user namespace mapped to that user.

    Root starts the grader as uid 65534. Where the interpreter lies under a folder others
    cannot enter (pyenv under a 0700 /root), a private mount namespace lays a 0755 tmpfs
    over that folder with only the interpreter's tree bound back into it, so nothing of the
    host changes.
    """
    import shutil
    import tempfile

    setpriv, unshare = shutil.which("setpriv"), shutil.which("unshare")
    if setpriv is None or unshare is None:
        pytest.skip("SKIPPED LOUDLY: util-linux setpriv or unshare is missing")
    base = Path(tempfile.mkdtemp(prefix="quiz-unprivileged-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        sub = base / "sub.py"
        sub.write_text(SIGMOID)
        os.chmod(sub, 0o644)
        home = base / "home"
        home.mkdir()
        shutil.chown(home, 65534, 65534)
        script = []
        for exe in {Path(sys.executable).resolve(), Path(sys.executable).absolute()}:
            for parent in reversed(exe.parents):
                if parent != Path("/") and not os.stat(parent).st_mode & 0o001:
                    child = exe.relative_to(parent).parts[0]
                    stash = base / f"stash{len(script)}"
                    stash.mkdir()
                    script += [f"mount --bind '{parent / child}' '{stash}'",
                               f"mount -t tmpfs -o mode=0755,size=64k none '{parent}'",
                               f"mkdir -p '{parent / child}'",
                               f"mount --bind '{stash}' '{parent / child}'"]
                    break
        command = (f"exec {setpriv} --reuid=65534 --regid=65534 --clear-groups {sys.executable} "
                   f"-m grader grade '{sub}' --no-record --json")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "QUIZ_HOME": str(home), "QUIZ_CACHE_DIR": str(home / "cache")}
        out = subprocess.run([unshare, "--mount", "--propagation", "private", "sh", "-ec",
                              "\n".join([*script, command])],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        if "Permission denied" in out.stderr and "grader" not in out.stderr:
            pytest.skip(f"SKIPPED LOUDLY: uid 65534 cannot read this checkout: {out.stderr[-300:]}")
        assert out.returncode == 0, out.stderr[-3000:]
        data = json.loads(out.stdout)
        assert data["passed"]
        iso = data["isolation"]
        assert iso["jailed"] is True and iso["capabilities"] == 0 and iso["uid"] == 65534  # as the host sees it
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------------------ siblings
@needs_jail
def test_two_submissions_from_one_zygote_share_nothing():
    """Batch grading forks many children from one zygote: none may reach another."""
    from grader.sandbox import Sandbox, start_zygote

    zygote = start_zygote(torch=False, cuda=False)
    first = Sandbox(zygote=zygote)
    second = Sandbox(zygote=zygote)
    try:
        first.start()
        resp, _ = first.request({"op": "load", "source": textwrap.dedent("""
            import socket
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(b"\\0quiz-sibling")
            server.listen(1)
            open("/tmp/left-by-first", "w").write("hello")
            open("/work/left-by-first", "w").write("hello")
        """)}, [], 20)
        assert resp["ok"], resp
        second.start()
        resp, _ = second.request({"op": "load", "source": textwrap.dedent("""
            import os, socket
            reached = [p for p in ("/tmp/left-by-first", "/work/left-by-first") if os.path.exists(p)]
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(b"\\0quiz-sibling")
                reached.append("socket")
            except OSError:
                pass
            if reached:
                raise RuntimeError("REACHED " + ", ".join(reached))
        """)}, [], 20)
        assert resp["ok"], resp
    finally:
        first.close()
        second.close()
        zygote.close()


def test_stale_cgroups_of_dead_graders_are_swept(grade_source):
    """Cgroups a crashed grader left behind are removed by the next grade."""
    roots = [r for r in (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup/memory"))
             if (r / "cgroup.procs").exists()]
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # a pid no process can have
    made = []
    for root in roots:
        path = root / f"quiz-sandbox-{dead}-deadbeef00"
        try:
            path.mkdir()
            made.append(path)
        except OSError:
            pass
    if not made:
        pytest.skip("SKIPPED LOUDLY: no writable cgroup hierarchy here")
    try:
        assert check(grade_source(SIGMOID), "sigmoid", "values").passed
        assert not [p for p in made if p.exists()]
    finally:
        for p in made:
            if p.exists():
                p.rmdir()


# ------------------------------------------------- the new paths: classes and callables
@needs_jail
def test_a_hostile_class_graded_by_expressions_changes_nothing_and_fails(grade_source, tmp_path):
    """scalar_autograd builds the candidate's class in the child: its operators run there.
    Writing outside, printing terminal escapes, forging its own .grad and leaving a process
    behind must change nothing outside, reach no report raw, and pass nothing."""
    outside = tmp_path / "outside.txt"
    outside.write_text("original\n")
    before = _digest(outside)
    src = f'''
import os, subprocess, sys
class Value:
    def __init__(self, data):
        self.data, self.grad = float(data), 0.0
        try:
            open({str(outside)!r}, "a").write("PWNED\\n")
        except OSError:
            pass
        print("\\x1b[2J\\x1b]0;owned\\x07", file=sys.stderr)
    def __add__(self, o): return Value(self.data + getattr(o, "data", o))
    __radd__ = __add__
    def __mul__(self, o): return Value(self.data * getattr(o, "data", o))
    __rmul__ = __mul__
    def __getattr__(self, name):
        raise AttributeError("\\x1b[31m" + name)
    def backward(self):
        subprocess.Popen(["sleep", "300"])
        self.grad = 1.0
'''
    result = grade_source(src, task_ids=("scalar_autograd",))
    (task,) = result.tasks
    assert _digest(outside) == before
    assert not task.passed and task.score == 0.0
    text = _all_text(result) + "".join(c.message for c in task.checks)
    assert "\x1b" not in text and "\x07" not in text
    import subprocess as sp
    assert "sleep 300" not in sp.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout


@needs_jail
def test_the_function_handed_to_numerical_gradient_gives_no_way_out(grade_source, tmp_path):
    """`f` is built inside the child: its closure holds a formula and a library, nothing of
    the grader's; poking at it finds no grader path, and a wrong answer still fails."""
    src = '''
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    seen = [repr(c.cell_contents) for c in (f.__closure__ or ())]
    import os
    leaked = [p for p in seen if "grader" in p or "reference_impl" in p]
    assert not leaked, leaked
    return np.zeros_like(x)
'''
    (task,) = grade_source(src, task_ids=("numerical_gradient",)).tasks
    values = next(c for c in task.checks if c.name.startswith("values"))
    assert values.status == "failed" and "raised" not in values.message  # it ran, found nothing, was wrong
