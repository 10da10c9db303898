"""The `quiz` subcommands other than grading, one module per family (practice, render)."""

from . import practice, render

__all__ = ["practice", "render"]
