"""Trusted PyTorch reference implementations for the coding tasks in TASKS.md.

Each submodule writes one topic's math formula-first in float64 PyTorch, so that the
grader can evaluate it on any device and differentiate through it with autograd. The
tests in ``tests/test_reference.py`` compare every function with an independent PyTorch
oracle (``torch.sigmoid``, ``F.conv2d``, ``torch.optim.Adam``, ...).

Submodules are imported lazily (``reference_impl.cnn`` imports on first access), so
importing the package itself does not import torch.
"""

import importlib
import pkgutil

#: every module of this folder (packages such as `mistakes` and `formulas` are not
#: references of tasks): a new module needs no entry here
__all__ = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.ispkg)


def __getattr__(name):
    """Imports the submodule ``name`` on first attribute access (PEP 562)."""
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
