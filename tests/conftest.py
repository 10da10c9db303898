"""Shared fixtures: grading a source text in-process, and running the `quiz` CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: A correct, stable sigmoid task: the base of the sandbox and hostile-submission tests.
GOOD_SIGMOID = """
import numpy as np
def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s * (1 - s)
"""


@pytest.fixture
def grade_source(tmp_path):
    """Write `source` to a file and grade it in-process; returns the GradeResult."""
    from grader.grading import GradeOptions, grade_file

    def run(source: str, *, suffix: str = ".py", timeout: float = 20.0, seed: int = 1234, **kw):
        path = tmp_path / f"submission{suffix}"
        path.write_text(textwrap.dedent(source), encoding="utf-8")
        return grade_file(path, GradeOptions(seed=seed, timeout=timeout, **kw))

    return run


@pytest.fixture
def quiz_cli():
    """Run `python -m grader ARGS` as a user would; returns CompletedProcess (text)."""

    def run(*args: str, timeout: float = 300, cwd: Path | None = None):
        env = {**os.environ, "COLUMNS": "100"}
        return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True,
                              text=True, timeout=timeout, cwd=cwd or ROOT, env=env)

    return run


def check(result, task_id: str, name_prefix: str):
    """The first check of `task_id` whose name starts with `name_prefix`."""
    task = next(t for t in result.tasks if t.id == task_id)
    for c in task.checks:
        if c.name.startswith(name_prefix):
            return c
    raise AssertionError(f"no check {name_prefix!r} in {[c.name for c in task.checks]}")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Progress and the bank cache go to temporary folders, never to the user's."""
    home = tmp_path / "quiz-home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "quiz-cache"))
    return home
