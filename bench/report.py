"""The benchmark's Markdown: machine facts, the table of medians and ratios, the verdicts.

Everything a submission could have written (an error's text) goes through
`grader.untrusted.markdown_text` before it reaches a table cell.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from grader.untrusted import markdown_text

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["Row", "Verdict", "machine_facts", "render"]


@dataclass(frozen=True)
class Row:
    """One line of the table: a median wall time, or why there is none."""

    what: str
    n: int | None = None
    total_s: float | None = None
    per_s: float | None = None
    note: str = ""
    vs_otter: bool = False  # graded the same sigmoid files as otter: show otter ÷ this


@dataclass(frozen=True)
class Verdict:
    """What each grader said of one sigmoid file that otter graded too."""

    name: str
    origin: str
    correct: bool
    quiz_batch: str
    quiz_alone: str
    otter_score: float | None

    def agree(self, *, with_otter: bool) -> bool:
        """quiz (batch and alone), what the file is and, `with_otter`, otter say the same."""
        quiz_ok = self.quiz_batch == "pass" and self.quiz_alone == "pass"
        quiz_fail = self.quiz_batch == "fail" and self.quiz_alone == "fail"
        if not (quiz_ok or quiz_fail) or quiz_ok != self.correct:
            return False
        if not with_otter:
            return True
        return self.otter_score is not None and (self.otter_score >= 1.0) == self.correct


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}{' (with uncommitted changes)' if dirty else ''}"


def machine_facts(otter_version: str | None, loads: list[float]) -> list[tuple[str, str]]:
    """(name, value) pairs that say what machine and software gave the numbers.

    Args:
        otter_version: otter-grader's version (None: not measured).
        loads: the 1-minute load average before each measurement (a load above the core
            count means other work shared the machine).
    """
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("finished", datetime.datetime.now().isoformat(timespec="seconds")),
        ("nproc", f"{affinity} (os.cpu_count {os.cpu_count()})"),
        ("cpu", _cpu_model()),
        ("memory", _memory()),
        ("python", f"{platform.python_version()} ({sys.executable})"),
        ("torch", _version("torch")),
        ("numpy", _version("numpy")),
        ("dask distributed", _version("distributed")),
        ("quiz", f"{_version('dl-interview-quiz')}, commit {_commit()}"),
        ("otter-grader", otter_version or "not available"),
        ("1-minute load average before each measurement",
         f"{loads[0]:.2f} first, {max(loads):.2f} highest, {loads[-1]:.2f} last" if loads else "unknown"),
        ("OPENBLAS_CORETYPE", os.environ.get("OPENBLAS_CORETYPE", "unset")),
    ]


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}" if x < 1 else f"{x:.2f}"


def _ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or b <= 0 else f"{a / b:.2f}×"


def render(rows: list[Row], *, facts: list[tuple[str, str]], batch_per_s: float | None,
           otter_per_s: float | None, verdicts: list[Verdict], notes: list[str],
           command: str) -> str:
    """The whole Markdown report.

    Args:
        rows: the table, in order.
        facts: from `machine_facts`.
        batch_per_s: per-submission time of the batch at N with --jobs 2 (the first ratio's unit).
        otter_per_s: otter's per-submission time (the second ratio's numerator).
        verdicts: the sigmoid files' verdicts, one per file.
        notes: lines said after the table (what was skipped and why, surprises).
        command: the command line that made the report.
    """
    out = ["# quiz batch grading: wall times", "", f"`{command}`", ""]
    out += [f"- {name}: {markdown_text(value)}" for name, value in facts]
    out += ["", "| what | N | median total s | per submission s | ÷ batch --jobs 2 per sub. "
            "| otter ÷ this | note |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        n = "–" if r.n is None else str(r.n)
        vs_otter = _ratio(otter_per_s, r.per_s) if r.vs_otter else "–"
        out.append(f"| {markdown_text(r.what)} | {n} | {_s(r.total_s)} | {_s(r.per_s)} "
                   f"| {_ratio(r.per_s, batch_per_s)} | {vs_otter} | {markdown_text(r.note)} |")
    if verdicts:
        with_otter = otter_per_s is not None
        agree = sum(v.agree(with_otter=with_otter) for v in verdicts)
        rule = ("otter's score is 1.0 exactly when quiz passes the file and the file is a copy of the "
                "solution" if with_otter else "quiz passes the file exactly when it is a copy of the solution")
        out += ["", f"Verdicts on the sigmoid files ({agree}/{len(verdicts)} agree: {rule}):",
                "", "| file | copy of | expected | quiz batch | quiz alone | otter score |",
                "|---|---|---|---|---|---:|"]
        for v in verdicts:
            score = "–" if v.otter_score is None else f"{v.otter_score:.2f}"
            out.append(f"| {markdown_text(v.name)} | {markdown_text(v.origin)} "
                       f"| {'correct' if v.correct else 'wrong'} | {v.quiz_batch} | {v.quiz_alone} "
                       f"| {score}{'' if v.agree(with_otter=with_otter) else ' ⚠'} |")
    if notes:
        out += ["", "Notes:", ""] + [f"- {markdown_text(n)}" for n in notes]
    return "\n".join(out) + "\n"
