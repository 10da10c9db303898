"""Run untrusted submission code in a child process and talk to it in plain arrays.

`Sandbox` starts one warm child per submission (NumPy, and PyTorch when asked, imported
once), sends it the candidate's source and then calls; every answer is parsed here with
`allow_pickle=False`, bounded in size and depth. A call that hangs, crashes, floods its
output or dies is turned into a `SandboxFailure` with a message, and the child (its whole
process group and PID namespace) is killed.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import resource
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .isolation import Isolation, PidsCgroup, detect_isolation

__all__ = ["Limits", "Sandbox", "SandboxFailure", "WORKER_SOURCE"]

WORKER_SOURCE = (Path(__file__).with_name("_worker.py")).read_text(encoding="utf-8")
_MAX_HEADER = 16 << 20
_MAX_BLOBS = 1 << 30
_PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH",
               "SYSTEMROOT")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one child. Memory is address space (CPU) or data size (CUDA)."""

    memory_bytes: int = 4 << 30
    cpu_seconds: int = 120
    file_bytes: int = 64 << 20
    max_pids: int = 256
    output_bytes: int = 1 << 20
    start_timeout: float = 60.0


class SandboxFailure(Exception):
    """The child did not answer: `kind` is timeout, crashed, exited, flood or protocol."""

    def __init__(self, kind: str, message: str, output: str = "") -> None:
        super().__init__(message)
        self.kind, self.message, self.output = kind, message, output


def _disable_own_dumps() -> None:
    # Keep /proc/<grader>/mem and friends closed to other processes of this user.
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
        except Exception:
            pass


class Sandbox:
    """One sandboxed child process for one submission."""

    def __init__(self, *, torch: bool = False, cuda: bool = False, limits: Limits = Limits(),
                 hide: list[Path] = (), block_modules: tuple[str, ...] = ()) -> None:
        self.torch, self.cuda, self.limits = torch, cuda, limits
        self.hide = [str(Path(p).resolve()) for p in hide]
        self.block_modules = list(block_modules)
        self.isolation: Isolation = detect_isolation()
        self.proc: subprocess.Popen | None = None
        self.info: dict[str, Any] = {}
        self._output = bytearray()
        self._output_total = 0
        self._flooded = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> dict[str, Any]:
        _disable_own_dumps()
        self.tmp = tempfile.TemporaryDirectory(prefix="quiz-sandbox-")
        req_r, self._req_w = os.pipe()
        self._resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        self._cgroup = PidsCgroup(self.limits.max_pids)
        limits, cgroup, cuda = self.limits, self._cgroup, self.cuda
        # RLIMIT_NPROC counts every process of the user and does not bind root; the pids
        # cgroup is the real guard where it exists.
        nproc = None if os.geteuid() == 0 else _user_processes() + limits.max_pids

        def preexec() -> None:  # runs in the child between fork and exec
            cgroup.join_self()
            mem = resource.RLIMIT_DATA if cuda else resource.RLIMIT_AS
            resource.setrlimit(mem, (limits.memory_bytes, limits.memory_bytes))
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if nproc is not None:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp.name, "TMPDIR": self.tmp.name,
               "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        env.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ})
        argv = [*self.isolation.prefix(), sys.executable, "-I", "-c", WORKER_SOURCE,
                str(req_r), str(resp_w)]
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, cwd=self.tmp.name,
            env=env, pass_fds=(req_r, resp_w), preexec_fn=preexec, start_new_session=True)
        for fd in (req_r, resp_w, out_w):
            os.close(fd)
        self._drain = threading.Thread(target=self._drain_output, args=(out_r,), daemon=True)
        self._drain.start()
        config = {"hide": self.hide, "mount_hide": self.isolation.namespaces,
                  "block_modules": self.block_modules, "torch": self.torch}
        self.info = self._exchange(config, [], self.limits.start_timeout)[0]
        return self.info

    def close(self) -> None:
        if self.proc is not None:
            self._kill()
            try:
                os.close(self._req_w)
            except OSError:
                pass
            try:
                os.close(self._resp_r)
            except OSError:
                pass
            self.proc = None
        if getattr(self, "_cgroup", None) is not None:
            self._cgroup.remove()
        if getattr(self, "tmp", None) is not None:
            self.tmp.cleanup()
            self.tmp = None

    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids_limited(self) -> bool:
        """Whether a pids cgroup caps the child's processes."""
        cgroup = getattr(self, "_cgroup", None)
        return cgroup is not None and cgroup.path is not None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _kill(self) -> None:
        proc = self.proc
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.kill()
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self._drain.join(timeout=2)

    # ------------------------------------------------------------------ output capture
    def _drain_output(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as f:
            while True:
                chunk = f.read(65536)
                if not chunk:
                    return
                self._output_total += len(chunk)
                room = self.limits.output_bytes - len(self._output)
                if room > 0:
                    self._output += chunk[:room]
                if self._output_total > 16 * self.limits.output_bytes and not self._flooded:
                    self._flooded = True
                    try:
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError, AttributeError):
                        pass

    def take_output(self) -> str:
        """The child's captured stdout and stderr since the last call (truncated)."""
        text = bytes(self._output).decode("utf-8", errors="replace")
        self._output.clear()
        return text

    # ------------------------------------------------------------------ protocol
    def request(self, header: dict, blobs: list[bytes], timeout: float) -> tuple[dict, list[np.ndarray]]:
        """Send one request; return the child's header and its arrays (parsed safely)."""
        if not self.alive:
            raise SandboxFailure("exited", "the sandboxed process is no longer running")
        resp, raw = self._exchange(header, blobs, timeout)
        arrays = [_parse_npy(b) for b in raw]
        return resp, arrays

    def _exchange(self, header: dict, blobs: list[bytes], timeout: float) -> tuple[dict, list[bytes]]:
        header = dict(header, blobs=[len(b) for b in blobs])
        data = json.dumps(header).encode()
        deadline = time.monotonic() + timeout
        try:
            _write_all(self._req_w, struct.pack("<Q", len(data)) + data + b"".join(blobs), deadline)
            (n,) = struct.unpack("<Q", self._read(8, deadline))
            if n > _MAX_HEADER:
                raise SandboxFailure("protocol", f"answer header of {n} bytes is too large")
            resp = json.loads(self._read(n, deadline))
            if not isinstance(resp, dict):
                raise SandboxFailure("protocol", "answer is not a JSON object")
            sizes = resp.get("blobs", [])
            if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes) \
                    or sum(sizes) > _MAX_BLOBS:
                raise SandboxFailure("protocol", "answer lists invalid array sizes")
            raw = [self._read(s, deadline) for s in sizes]
        except SandboxFailure as failure:
            self._kill()
            if failure.kind == "timeout" and self._flooded:
                failure = self._flood_failure()
            raise failure
        except (ValueError, UnicodeDecodeError) as exc:
            self._kill()
            raise SandboxFailure("protocol", f"unreadable answer from the sandbox: {exc}") from None
        return resp, raw

    def _flood_failure(self) -> SandboxFailure:
        return SandboxFailure("flood", f"the submission printed more than "
                              f"{16 * self.limits.output_bytes >> 20} MiB; it was stopped",
                              self.take_output())

    def _read(self, n: int, deadline: float) -> bytes:
        chunks, got = [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SandboxFailure("timeout", "timed out")
            ready, _, _ = select.select([self._resp_r], [], [], min(left, 0.5))
            if not ready:
                if self._flooded:
                    raise self._flood_failure()
                continue
            chunk = os.read(self._resp_r, min(n - got, 1 << 20))
            if not chunk:
                raise self._death()
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _death(self) -> SandboxFailure:
        proc = self.proc
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self._drain.join(timeout=2)
        if self._flooded:
            return self._flood_failure()
        out = self.take_output()
        if code is not None and code < 0:
            sig = signal.Signals(-code).name
            why = {"SIGXCPU": "it used up its CPU time limit", "SIGKILL": "it was killed (out of "
                   "memory or a limit)", "SIGSEGV": "it crashed (segmentation fault)",
                   "SIGXFSZ": "it wrote a file larger than the limit"}.get(sig, "it crashed")
            return SandboxFailure("crashed", f"the submission's process died with {sig}: {why}", out)
        return SandboxFailure("exited", f"the submission's process exited (status {code}) "
                              "instead of returning; do not call sys.exit or os._exit", out)


def _user_processes() -> int:
    uid, n = os.getuid(), 0
    try:
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    n += entry.stat().st_uid == uid
                except OSError:
                    pass
    except OSError:
        return 1024
    return n


def _write_all(fd: int, data: bytes, deadline: float) -> None:
    view = memoryview(data)
    while view:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SandboxFailure("timeout", "timed out")
        _, ready, _ = select.select([], [fd], [], min(left, 0.5))
        if ready:
            try:
                n = os.write(fd, view[: 1 << 16])
            except BrokenPipeError:
                raise SandboxFailure("exited", "the submission's process is gone") from None
            view = view[n:]


def _parse_npy(blob: bytes) -> np.ndarray:
    """Parse one `.npy` blob from the child: plain numeric arrays only, never pickles."""
    arr = np.lib.format.read_array(io.BytesIO(blob), allow_pickle=False)
    if type(arr) is not np.ndarray or arr.dtype.kind not in "biuf" or arr.dtype.hasobject:
        raise SandboxFailure("protocol", f"the sandbox sent an array of dtype {arr.dtype}")
    return arr
