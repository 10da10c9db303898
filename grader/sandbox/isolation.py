"""Whether this machine lets the grader build the jail, and what a submission can do without it.

Linux gives what the sandbox needs without containers: mount, PID, network, IPC and UTS
namespaces (plus a user namespace when the grader is not root). The probe runs exactly the
`unshare` the zygote will make (the jail's own code), in a throwaway process; what is
missing is reported in plain words, never silently assumed.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Isolation", "detect_isolation", "FALLBACK_RISKS", "FALLBACK_RISKS_DROPPED"]

#: What a submission can do when the jail cannot be built (said in every such report).
FALLBACK_RISKS = ("without the jail a submission runs with your user's rights: it can read "
                  "and write your files (including this grader and its model solutions), "
                  "reach the network and signal your processes; use a Linux machine with "
                  "unprivileged user namespaces, or --require-sandbox to refuse to grade")
#: The same when a root grader could at least drop the child to an unprivileged uid.
FALLBACK_RISKS_DROPPED = ("without the jail a submission runs as an unprivileged user on your "
                          "filesystem: it can read every world-readable file (this grader and "
                          "its model solutions included), write world-writable folders such as "
                          "/tmp and reach the network; use a Linux machine with user "
                          "namespaces, or --require-sandbox to refuse to grade")

# The probe is the jail's own first step (`_jail.enter_namespaces`), in a throwaway process.
_PROBE = (Path(__file__).with_name("_jail.py").read_text(encoding="utf-8") + """
try:
    enter_namespaces(user_ns=os.geteuid() != 0)
except (JailError, OSError) as exc:
    sys.stderr.write(str(exc))
    sys.exit(1)
""")


@dataclass(frozen=True)
class Isolation:
    """The mechanisms in effect for a sandboxed child."""

    namespaces: bool
    reason: str = ""
    mechanisms: tuple[str, ...] = field(default_factory=tuple)


@functools.lru_cache(maxsize=1)
def detect_isolation() -> Isolation:
    """Probe once per process whether the jail's namespaces can be made here."""
    if os.environ.get("QUIZ_SANDBOX_NO_NAMESPACES"):
        return Isolation(False, "namespaces turned off by QUIZ_SANDBOX_NO_NAMESPACES")
    if not sys.platform.startswith("linux"):
        return Isolation(False, f"no Linux namespaces on {sys.platform}")
    try:
        probe = subprocess.run([sys.executable, "-I", "-S", "-c", _PROBE], capture_output=True,
                               timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Isolation(False, f"the namespace probe failed: {exc}")
    if probe.returncode != 0:
        err = probe.stderr.decode(errors="replace").strip().splitlines()
        return Isolation(False, f"the kernel refused new namespaces ({err[-1] if err else probe.returncode}"
                         "); unprivileged user namespaces may be turned off")
    return Isolation(True, mechanisms=(
        "own root filesystem (read-only: Python, NumPy/PyTorch, system libraries)",
        "network namespace (no network)", "PID namespace", "mount namespace",
        "unprivileged uid, no capabilities, seccomp filter"))
