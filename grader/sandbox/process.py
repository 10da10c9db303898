"""Run untrusted submission code in a child process and talk to it in plain arrays.

`Sandbox` forks one fresh child per submission from a warm `Zygote` (NumPy, and PyTorch
when asked, already imported inside the jail), sends it the candidate's source and then
calls; every answer is validated here (`protocol.py`) before use. A call that hangs,
crashes, floods its output or dies becomes a `SandboxFailure` with a message, and the child
(its cgroups, its PID namespace) is killed. Time is the parent's clock, never the child's.
"""

from __future__ import annotations

import json
import os
import select
import shutil
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

from .cgroups import ChildCgroups, sweep_stale
from .isolation import Isolation, detect_isolation
from .protocol import ProtocolError, parse_npy, validate_ready
from .zygote import Zygote, ZygoteError

__all__ = ["Limits", "Sandbox", "SandboxFailure"]

_MAX_HEADER = 4 << 20
_MAX_BLOBS = 256 << 20  # task outputs are far smaller; this bounds the grader's own memory


@dataclass(frozen=True)
class Limits:
    """Resource limits of one child.

    `memory_bytes` is resident memory where a memory cgroup can be made; without one it
    becomes an address-space limit of `address_space_bytes` (CPU) instead.
    """

    memory_bytes: int = 2 << 30
    address_space_bytes: int = 6 << 30
    cpu_seconds: int = 120
    file_bytes: int = 16 << 20
    scratch_bytes: int = 64 << 20
    max_pids: int = 64
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
            import ctypes

            ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
        except Exception:
            pass


def start_zygote(*, torch: bool, cuda: bool, hide: list[Path] = (),
                 block_modules: tuple[str, ...] = (), warm_optimizers: bool = False) -> Zygote:
    """Launch a zygote now (it imports while the caller goes on); jailed where possible."""
    _disable_own_dumps()
    iso = detect_isolation()
    return Zygote(torch=torch, cuda=cuda, jail=iso.namespaces,
                  hide=[str(Path(p).resolve()) for p in hide],
                  block_modules=list(block_modules), warm_optimizers=warm_optimizers).start()


class Sandbox:
    """One sandboxed child process for one submission, forked from a zygote."""

    def __init__(self, *, torch: bool = False, cuda: bool = False, limits: Limits = Limits(),
                 hide: list[Path] = (), block_modules: tuple[str, ...] = (),
                 zygote: Zygote | None = None) -> None:
        self.torch, self.cuda, self.limits = torch, cuda, limits
        self.hide = [str(Path(p).resolve()) for p in hide]
        self.block_modules = list(block_modules)
        self.zygote = zygote
        self._own_zygote = zygote is None
        self.isolation: Isolation = detect_isolation()
        self.info: dict[str, Any] = {}
        self._output = bytearray()
        self._output_total = 0
        self._flooded = False
        self._cid: int | None = None
        self._cgroups: ChildCgroups | None = None
        self._workdir: str | None = None
        self._status: int | None = None
        self._fds: list[int] = []

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> dict[str, Any]:
        if self.zygote is None:
            self.zygote = start_zygote(torch=self.torch, cuda=self.cuda, hide=self.hide,
                                       block_modules=tuple(self.block_modules))
        try:
            zreport = self.zygote.wait_ready(self.limits.start_timeout)
        except ZygoteError as exc:
            if not self.zygote.jail:
                raise SandboxFailure("crashed", exc.args[0]) from None
            # the jail could not be built here: say so, and fall back to what is left
            self.zygote.close()
            self.isolation = Isolation(False, f"the jail could not be built: {exc.args[0]}")
            self.zygote = Zygote(torch=self.torch, cuda=self.cuda, jail=False, hide=self.hide,
                                 block_modules=self.block_modules).start()
            self._own_zygote = True
            try:
                zreport = self.zygote.wait_ready(self.limits.start_timeout)
            except ZygoteError as exc2:
                raise SandboxFailure("crashed", exc2.args[0]) from None
        jailed = bool(zreport.get("jail"))
        if not jailed and self.isolation.namespaces:
            self.isolation = Isolation(False, "the jail could not be built")
        sweep_stale()
        lim = self.limits
        self._cgroups = ChildCgroups(max_pids=lim.max_pids, memory_bytes=lim.memory_bytes)
        req_r, self._req_w = os.pipe()
        self._resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        child_limits = {"cpu_seconds": lim.cpu_seconds, "file_bytes": lim.file_bytes,
                        "scratch_bytes": lim.scratch_bytes, "address_space": None, "nproc": None}
        if not self._cgroups.memory_limited and not self.cuda:
            child_limits["address_space"] = lim.address_space_bytes
        if not self._cgroups.pids_limited:
            child_limits["nproc"] = _nproc_limit(zreport, lim.max_pids)
        if not jailed:
            self._workdir = tempfile.mkdtemp(prefix="quiz-sandbox-")
            if zreport.get("root_mode"):
                os.chown(self._workdir, 65534, 65534)
        config = {"hide": self.hide, "block_modules": self.block_modules, "torch": self.torch,
                  "cuda": self.cuda}
        cg_fds = self._cgroups.join_fds()
        try:
            self._cid = self.zygote.spawn([req_r, resp_w, out_w, *cg_fds], limits=child_limits,
                                          config=config, workdir=self._workdir)
        except ZygoteError as exc:
            raise SandboxFailure("crashed", exc.args[0]) from None
        finally:
            for fd in (req_r, resp_w, out_w, *cg_fds):
                os.close(fd)
        self._drain = threading.Thread(target=self._drain_output, args=(out_r,), daemon=True)
        self._drain.start()
        header, _ = self._exchange(None, [], lim.start_timeout)
        try:
            self.info = validate_ready(header)
        except ProtocolError as exc:
            self._kill()
            raise SandboxFailure("protocol", str(exc)) from None
        return self.info

    def close(self) -> None:
        if self._cid is not None:
            self._kill()
            for fd in (self._req_w, self._resp_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._cid = None
        if self._cgroups is not None:
            self._cgroups.remove()
            self._cgroups = None
        if self._workdir is not None:
            _remove_tree(self._workdir)
            self._workdir = None
        if self._own_zygote and self.zygote is not None:
            self.zygote.close()
            self.zygote = None

    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids_limited(self) -> bool:
        """Whether a pids cgroup caps the child's processes."""
        return self._cgroups is not None and self._cgroups.pids_limited

    @property
    def memory_limited(self) -> bool:
        """Whether a memory cgroup caps the child's resident memory."""
        return self._cgroups is not None and self._cgroups.memory_limited

    @property
    def alive(self) -> bool:
        return self._cid is not None and self._status is None and \
            self.zygote is not None and self.zygote.alive

    def _kill(self) -> None:
        if self._cid is None or self.zygote is None:
            return
        # first the race-free way: the zygote kills the child's PID namespace as a whole
        self.zygote.kill(self._cid)
        if self._status is None:
            self._status = self.zygote.wait_exit(self._cid, 5.0)
        if self._cgroups is not None:  # then whatever is left (the unjailed fallback)
            self._cgroups.kill_all()
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
                    if self.zygote is not None and self._cid is not None:
                        self.zygote.kill(self._cid)
                    if self._cgroups is not None:
                        self._cgroups.kill_all()

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
        try:
            arrays = [parse_npy(b) for b in raw]
        except ProtocolError as exc:
            self._kill()
            raise SandboxFailure("protocol", str(exc)) from None
        return resp, arrays

    def _exchange(self, header: dict | None, blobs: list[bytes], timeout: float
                  ) -> tuple[dict, list[bytes]]:
        """Send a request (none for the child's first word) and read one framed answer."""
        deadline = time.monotonic() + timeout
        try:
            if header is not None:
                data = json.dumps(dict(header, blobs=[len(b) for b in blobs])).encode()
                _write_all(self._req_w, struct.pack("<Q", len(data)) + data + b"".join(blobs), deadline)
            (n,) = struct.unpack("<Q", self._read(8, deadline))
            if n > _MAX_HEADER:
                raise SandboxFailure("protocol", f"the sandbox sent an answer header of {n} bytes "
                                     f"(at most {_MAX_HEADER >> 20} MiB)")
            raw_header = self._read(n, deadline)
            try:
                resp = json.loads(raw_header)
            except (ValueError, RecursionError, MemoryError) as exc:
                raise SandboxFailure("protocol", "the sandbox sent an unreadable answer "
                                     f"({type(exc).__name__})") from None
            if not isinstance(resp, dict):
                raise SandboxFailure("protocol", "the sandbox's answer is not a JSON object")
            sizes = resp.get("blobs", [])
            if not isinstance(sizes, list) or len(sizes) > 100_000 or \
                    not all(type(s) is int and s >= 0 for s in sizes) or sum(sizes) > _MAX_BLOBS:
                raise SandboxFailure("protocol", "the sandbox's answer lists invalid array sizes")
            raw = [self._read(s, deadline) for s in sizes]
        except SandboxFailure as failure:
            self._kill()
            if failure.kind == "timeout" and self._flooded:
                failure = self._flood_failure()
            raise failure
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
        """The answer pipe closed: find out from the zygote how the child ended."""
        status = self.zygote.wait_exit(self._cid, 5.0) if self.zygote is not None else None
        self._status = status if status is not None else -1
        if self._cgroups is not None:
            self._cgroups.kill_all()
        self._drain.join(timeout=2)
        if self._flooded:
            return self._flood_failure()
        out = self.take_output()
        if status is not None and os.WIFSIGNALED(status):
            sig = signal.Signals(os.WTERMSIG(status)).name
            if sig == "SIGKILL" and self._cgroups is not None and self._cgroups.out_of_memory():
                return SandboxFailure("crashed", "the submission's process was killed: it used "
                                      f"more than {self.limits.memory_bytes >> 20} MiB of memory", out)
            why = {"SIGXCPU": "it used up its CPU time limit", "SIGKILL": "it was killed (out of "
                   "memory or a limit)", "SIGSEGV": "it crashed (segmentation fault)",
                   "SIGXFSZ": "it wrote a file larger than the limit",
                   "SIGSYS": "it made a system call the sandbox forbids"}.get(sig, "it crashed")
            return SandboxFailure("crashed", f"the submission's process died with {sig}: {why}", out)
        code = os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None
        if code == 75:
            return SandboxFailure("crashed", "the sandbox could not set up the submission's "
                                  "process: " + out.strip()[-300:], "")
        return SandboxFailure("exited", f"the submission's process exited (status {code}) "
                              "instead of returning; do not call sys.exit or os._exit", out)


def _nproc_limit(zreport: dict, max_pids: int) -> int | None:
    """RLIMIT_NPROC where no pids cgroup exists: it counts every process of the child's uid."""
    uid = 65534 if zreport.get("root_mode") else os.getuid()
    if uid == 0:
        return None  # does not bind root
    n = 0
    try:
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    n += entry.stat().st_uid == uid
                except OSError:
                    pass
    except OSError:
        return 1024
    return n + max_pids


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


def _remove_tree(path: str) -> None:
    """Remove a scratch folder however deep the child made it (no recursion here)."""
    rm = shutil.which("rm")
    if rm:
        subprocess.run([rm, "-rf", "--one-file-system", path], capture_output=True, timeout=60)
    if os.path.lexists(path):
        for root, dirs, files in os.walk(path, topdown=False):
            for name in files + dirs:
                try:
                    p = os.path.join(root, name)
                    os.rmdir(p) if os.path.isdir(p) and not os.path.islink(p) else os.unlink(p)
                except OSError:
                    pass
        try:
            os.rmdir(path)
        except OSError:
            pass
