"""Running untrusted submissions: the jail, the warm zygote, the child and its limits."""

from .isolation import FALLBACK_RISKS, FALLBACK_RISKS_DROPPED, Isolation, detect_isolation
from .process import Limits, Sandbox, SandboxFailure, start_zygote
from .zygote import Zygote

__all__ = ["FALLBACK_RISKS", "FALLBACK_RISKS_DROPPED", "Isolation", "Limits", "Sandbox", "SandboxFailure", "Zygote",
           "detect_isolation", "start_zygote"]
