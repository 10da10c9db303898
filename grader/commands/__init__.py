"""The `quiz` subcommands other than grading, one module per family (practice, render, export)."""

from . import export, practice, render

__all__ = ["export", "practice", "render"]
