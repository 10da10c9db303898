"""The parent's handle on the zygote: start it early, fork isolated children from it.

The zygote (`_jail.py`) enters the jail and imports NumPy (and PyTorch) once; each
submission then costs a fork. Start it before the parent's own heavy imports: the two
overlap. Messages travel on a SOCK_SEQPACKET pair; a reader thread collects the zygote's
"ready" and every child's "exited" status.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from .rootfs import jail_config

__all__ = ["Zygote", "ZygoteError", "ZYGOTE_SOURCE"]

_HERE = Path(__file__).parent
ZYGOTE_SOURCE = "\n".join(
    (_HERE / name).read_text(encoding="utf-8") for name in ("_models.py", "_functions.py", "_programs.py", "_worker.py", "_jail.py")
) + "\nzygote_main()\n"


class ZygoteError(Exception):
    """The zygote could not start (or died); `message` says why."""


def _pdeathsig() -> None:  # in the zygote between fork and exec: die with the grader
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Zygote:
    """One warm zygote; `jail` asks for the namespaces, else it runs unjailed."""

    def __init__(self, *, torch: bool, cuda: bool, jail: bool, hide: list[str],
                 block_modules: list[str], warm_optimizers: bool = False) -> None:
        self.torch, self.cuda, self.jail = torch, cuda, jail
        #: also take one torch.optim step before forking (1.3 s once, instead of in every child)
        self.warm_optimizers = warm_optimizers and torch
        self.hide, self.block_modules = hide, block_modules
        self.proc: subprocess.Popen | None = None
        self.report: dict[str, Any] = {}
        self.error: str | None = None
        self._cond = threading.Condition()
        self._ready: dict | None = None
        self._exits: dict[int, int] = {}
        self._closed = False
        self._next_id = 0
        self._send = threading.Lock()  # several threads of a batch fork children at once
        self._stderr = bytearray()

    def start(self) -> "Zygote":
        """Launch without waiting; `wait_ready` waits."""
        cfg = jail_config(torch=self.torch, cuda=self.cuda) if self.jail else \
            {"jail": False, "torch": self.torch, "cuda": self.cuda}
        cfg["sys_path_unjailed"] = [p for p in sys.path if p and not _under(p, self.hide)]
        cfg["warm_optimizers"] = self.warm_optimizers
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1"}
        for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"):
            if k in os.environ:
                env[k] = os.environ[k]
        self.env = env
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", ZYGOTE_SOURCE, str(theirs.fileno())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            pass_fds=(theirs.fileno(),), env=env, cwd="/", start_new_session=True,
            preexec_fn=_pdeathsig)
        theirs.close()
        self.sock = ours
        self.sock.send(json.dumps(cfg).encode())
        threading.Thread(target=self._read_messages, daemon=True).start()
        self._stderr_thread = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_thread.start()
        return self

    def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        for chunk in iter(lambda: self.proc.stderr.read1(4096), b""):
            if len(self._stderr) < 8192:
                self._stderr += chunk

    def _read_messages(self) -> None:
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except OSError:
                data = b""
            if not data:
                break
            try:
                msg = json.loads(data)
            except ValueError:
                continue
            with self._cond:
                if msg.get("op") == "ready":
                    self._ready = msg
                elif msg.get("op") == "exited" and isinstance(msg.get("id"), int):
                    self._exits[msg["id"]] = int(msg.get("status", 0))
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait_ready(self, timeout: float) -> dict:
        with self._cond:
            self._cond.wait_for(lambda: self._ready is not None or self._closed, timeout)
            ready = self._ready
        if ready is None:
            why = "it did not start in time" if not self._closed else "it ended"
            err = bytes(self._stderr).decode(errors="replace").strip().splitlines()
            raise ZygoteError(f"the sandbox could not start: {why}" + (f" ({err[-1]})" if err else ""))
        if not ready.get("ok"):
            raise ZygoteError(str(ready.get("error"))[:500])
        self.report = ready.get("report") or {}
        return self.report

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and not self._closed

    def spawn(self, fds: list[int], *, limits: dict, config: dict, workdir: str | None) -> int:
        """Fork one isolated child; `fds` are its request, answer, output and cgroup fds."""
        with self._send:
            self._next_id += 1
            cid = self._next_id
        msg = {"op": "spawn", "id": cid, "limits": limits, "config": config, "env": self.env,
               "workdir": workdir}
        try:
            with self._send:
                socket.send_fds(self.sock, [json.dumps(msg).encode()], fds)
        except OSError as exc:
            raise ZygoteError(f"the sandbox's zygote is gone ({exc})") from None
        return cid

    def kill(self, cid: int) -> None:
        try:
            with self._send:
                self.sock.send(json.dumps({"op": "kill", "id": cid}).encode())
        except OSError:
            pass

    def wait_exit(self, cid: int, timeout: float) -> int | None:
        """The raw wait status of child `cid`, or None if it has not ended in time."""
        with self._cond:
            self._cond.wait_for(lambda: cid in self._exits or self._closed, timeout)
            return self._exits.pop(cid, None)

    def close(self) -> None:
        if self.proc is None:
            return
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self._stderr_thread.join(timeout=2)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        self.proc = None


def _under(path: str, roots: list[str]) -> bool:
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots)
