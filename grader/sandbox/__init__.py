"""Running untrusted submissions: the sandboxed child, its limits and its isolation."""

from .isolation import Isolation, detect_isolation
from .process import Limits, Sandbox, SandboxFailure

__all__ = ["Isolation", "Limits", "Sandbox", "SandboxFailure", "detect_isolation"]
