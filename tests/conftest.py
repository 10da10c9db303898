"""Shared fixtures (grading a source text in-process, running the `quiz` CLI), the `slow`
marking of every test that grades, and the `--update-goldens` option."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Tests using one of these fixtures grade end to end (sandbox or CLI): seconds each, so they
#: are marked `slow` and left out of the quick loop (`pytest -m "not slow"`) without anyone
#: having to remember the mark.
GRADING_FIXTURES = frozenset({"grade_source", "quiz_cli"})

#: Skip reasons of tests that need a system package CI installs start with this; `.ci/run`
#: fails when any such test was skipped (a missing package must not pass silently).
MISSING_SYSTEM_PACKAGE = "MISSING SYSTEM PACKAGE:"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="write tests/golden/ from the current output instead of comparing with it "
                          "(review the diff before committing)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        if GRADING_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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

    def run(*args: str, timeout: float = 300, cwd: Path | None = None, input_text: str | None = None):
        env = {**os.environ, "COLUMNS": "100"}
        return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True,
                              text=True, timeout=timeout, cwd=cwd or ROOT, env=env,
                              input=input_text if input_text is not None else "")

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
