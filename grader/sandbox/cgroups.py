"""Per-submission cgroups for processes and resident memory, outside the child's view.

The parent makes the cgroup folders and hands the child open `cgroup.procs` descriptors to
join by writing "0"; the child's root has no `/sys`, so it can neither see nor raise its
limits. Works with cgroup v1 (`pids` and `memory` hierarchies) and v2 (controllers enabled
in the root's `cgroup.subtree_control`). Folders are named after the grader's pid, so a
later grade can remove those a crashed grader left behind.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

__all__ = ["ChildCgroups", "sweep_stale"]

_ROOT = Path("/sys/fs/cgroup")
_PREFIX = "quiz-sandbox-"


def _hierarchies(controller: str) -> list[tuple[Path, str]]:
    """(folder to create cgroups in, "v1" | "v2") for a controller, best first."""
    out = []
    v1 = _ROOT / controller
    if (v1 / "cgroup.procs").exists() and not (v1 / "cgroup.controllers").exists():
        out.append((v1, "v1"))
    sub = _ROOT / "cgroup.subtree_control"
    try:
        if controller in sub.read_text().split():
            out.append((_ROOT, "v2"))
    except OSError:
        pass
    return out


class ChildCgroups:
    """A pids and a memory cgroup for one child (either may be missing where not allowed)."""

    def __init__(self, *, max_pids: int, memory_bytes: int) -> None:
        self.paths: dict[str, Path] = {}
        self.kinds: dict[str, str] = {}
        name = f"{_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:10]}"
        settings = {"pids": [("pids.max", str(max_pids))],
                    "memory": [("memory.limit_in_bytes", str(memory_bytes)),
                               ("memory.max", str(memory_bytes)), ("memory.swap.max", "0"),
                               ("memory.memsw.limit_in_bytes", str(memory_bytes))]}
        for controller, values in settings.items():
            for parent, kind in _hierarchies(controller):
                path = parent / name
                fresh = path not in self.paths.values()  # v2: one folder for both
                if fresh:
                    try:
                        path.mkdir()
                    except OSError:
                        continue
                ok = False
                for fname, value in values:
                    try:
                        (path / fname).write_text(value)
                        ok = True
                    except OSError:
                        pass
                if ok:
                    self.paths[controller], self.kinds[controller] = path, kind
                    break
                if fresh:
                    _rmdir(path)

    @property
    def pids_limited(self) -> bool:
        return "pids" in self.paths

    @property
    def memory_limited(self) -> bool:
        return "memory" in self.paths

    def join_fds(self) -> list[int]:
        """Open `cgroup.procs` of each distinct cgroup, for the child to write "0" to."""
        fds = []
        for path in dict.fromkeys(self.paths.values()):
            try:
                fds.append(os.open(path / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC))
            except OSError:
                pass
        return fds

    def procs(self) -> set[int]:
        pids: set[int] = set()
        for path in self.paths.values():
            try:
                pids |= {int(p) for p in (path / "cgroup.procs").read_text().split()}
            except (OSError, ValueError):
                pass
        return pids

    def kill_all(self, timeout: float = 3.0) -> bool:
        """SIGKILL every process in the cgroups until none is left (a fork bomb included).

        cgroup v2's `cgroup.kill` does it atomically; v1 reads pids and signals them, which
        the caller uses only after the PID namespace (where there is one) has been killed.
        """
        for path in dict.fromkeys(self.paths.values()):
            try:
                (path / "cgroup.kill").write_text("1")
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        while True:
            pids = self.procs()
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)

    def out_of_memory(self) -> bool:
        """Whether the memory cgroup's limit was hit (so a SIGKILL was the OOM killer's)."""
        path = self.paths.get("memory")
        if path is None:
            return False
        for fname in ("memory.events", "memory.oom_control"):
            try:
                for line in (path / fname).read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key in ("oom_kill", "oom") and int(value) > 0:
                        return True
            except (OSError, ValueError):
                pass
        try:
            return int((path / "memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            return False

    def remove(self) -> None:
        self.kill_all()
        for path in dict.fromkeys(self.paths.values()):
            _rmdir(path)
        self.paths.clear()


def _rmdir(path: Path) -> None:
    for _ in range(50):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.01)


def sweep_stale() -> int:
    """Remove empty cgroups of graders that no longer run; the number removed."""
    removed = 0
    for controller in ("pids", "memory"):
        for parent, _ in _hierarchies(controller):
            try:
                entries = list(parent.glob(_PREFIX + "*"))
            except OSError:
                continue
            for path in entries:
                try:
                    owner = int(path.name[len(_PREFIX):].split("-")[0])
                except ValueError:
                    continue
                if owner == os.getpid() or _alive(owner):
                    continue
                try:
                    if (path / "cgroup.procs").read_text().strip():
                        continue
                    path.rmdir()
                    removed += 1
                except OSError:
                    pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
