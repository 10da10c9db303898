"""Which isolation mechanisms this machine offers, and the command line that applies them.

Linux gives what the sandbox needs without containers: user, network, PID and mount
namespaces through util-linux `unshare`, `setrlimit`, and a `pids` cgroup as a fork-bomb
guard where the grader may create one. What is missing is reported, never silently assumed.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Isolation", "detect_isolation", "PidsCgroup"]

_UNSHARE_FLAGS = ["--user", "--map-root-user", "--net", "--pid", "--fork", "--mount",
                  "--mount-proc", "--kill-child=SIGKILL"]


@dataclass(frozen=True)
class Isolation:
    """The mechanisms in effect for a sandboxed child."""

    namespaces: bool
    reason: str = ""
    mechanisms: tuple[str, ...] = field(default_factory=tuple)

    def prefix(self) -> list[str]:
        """Command prefix that starts the child inside new namespaces (or nothing)."""
        return [shutil.which("unshare") or "unshare", *_UNSHARE_FLAGS] if self.namespaces else []


@functools.lru_cache(maxsize=1)
def detect_isolation() -> Isolation:
    """Probe once per process whether unprivileged namespaces work here."""
    if os.environ.get("QUIZ_SANDBOX_NO_NAMESPACES"):
        return Isolation(False, "namespaces turned off by QUIZ_SANDBOX_NO_NAMESPACES")
    if not sys.platform.startswith("linux"):
        return Isolation(False, f"no Linux namespaces on {sys.platform}")
    exe = shutil.which("unshare")
    if exe is None:
        return Isolation(False, "util-linux `unshare` not found")
    try:
        probe = subprocess.run([exe, *_UNSHARE_FLAGS, "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Isolation(False, f"`unshare` failed: {exc}")
    if probe.returncode != 0:
        err = probe.stderr.decode(errors="replace").strip().splitlines()
        return Isolation(False, f"`unshare` refused: {err[-1] if err else probe.returncode}")
    return Isolation(True, mechanisms=("user namespace", "network namespace (no network)",
                                       "PID namespace", "mount namespace (grader files hidden)"))


class PidsCgroup:
    """A `pids` cgroup capping the child's processes and threads (fork-bomb guard).

    Needs a writable cgroup v1 `pids` hierarchy or a cgroup v2 one with `pids` enabled;
    `path` is None when neither can be had.
    """

    def __init__(self, max_pids: int) -> None:
        self.path: Path | None = None
        for root in (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup")):
            if not (root / "cgroup.procs").exists():
                continue
            if root == Path("/sys/fs/cgroup") and not (root / "cgroup.subtree_control").exists():
                continue
            path = root / f"quiz-sandbox-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(max_pids))
            except OSError:
                try:
                    path.rmdir()
                except OSError:
                    pass
                continue
            self.path = path
            break

    def join_self(self) -> None:
        """Move the calling process (a child between fork and exec) into the cgroup."""
        if self.path is not None:
            with open(self.path / "cgroup.procs", "w") as f:
                f.write(str(os.getpid()))

    def remove(self) -> None:
        if self.path is not None:
            try:
                self.path.rmdir()
            except OSError:
                pass
