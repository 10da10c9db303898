"""Grade reports: HTML and Markdown through the templates, and Gradescope's results.json.

Every report is written atomically (`write_atomic`); text from the submission is cleaned
(`grader.untrusted`) in the Gradescope JSON here and in the templates for HTML and Markdown.
HTML, PDF and Markdown reports end with the candidate's code, the lines that failed checks
point at marked (`grader.render.marks`).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from ..grading.results import GradeResult
from ..untrusted import clean_text
from ..atomic import write_atomic
from .documents import Document, write_document
from .marks import marked_source

__all__ = ["write_report", "gradescope_results"]


def gradescope_results(result: GradeResult, *, elapsed: float | None = None) -> dict:
    """The Gradescope autograder results format: one test per check, each task worth 1 point.

    Names and messages are cleaned and declared plain text (the `*_format: "text"` keys), so
    a submission's message can neither drive a terminal nor become HTML on Gradescope's page.
    """
    tests = []
    for task in result.tasks:
        total = sum(c.weight for c in task.checks)
        for c in task.checks:
            share = c.weight / total if total else 0.0  # the task's point split by weight
            device = f" [{c.device}]" if c.device and len(task.devices) > 1 else ""
            tests.append({"name": clean_text(f"{task.id}: {c.name}{device}"),
                          "score": round(share if c.passed else 0.0, 6), "max_score": round(share, 6),
                          "status": "passed" if c.passed else "failed",
                          "output": clean_text(c.message), "visibility": "visible"})
    advice = [f"\n{task.id}, advice (not counted): {clean_text(a)}" for task in result.tasks for a in task.advice]
    advice += [f"\n{task.id}, note: {clean_text(n)}" for task in result.tasks for n in task.shortcuts]
    out = {"score": round(sum(t["score"] for t in tests), 6),
           "output": f"seed {result.seed}; replay with: quiz grade FILE --seed {result.seed}" + "".join(advice),
           "output_format": "text", "test_output_format": "text", "test_name_format": "text",
           "tests": tests, "visibility": "visible", "stdout_visibility": "hidden"}
    if elapsed is not None:
        out["execution_time"] = round(elapsed, 3)
    return out


def write_report(result: GradeResult, path: Path, *, elapsed: float | None = None) -> Path:
    """Write the report of `result` to `path`, in the format its suffix names.

    Raises:
        UsageError: the suffix is not .html, .htm, .md, .pdf or .json, or the file cannot be
            written there.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = json.dumps(gradescope_results(result, elapsed=elapsed), indent=1, ensure_ascii=False)
        return write_atomic(path, data)
    fmt = {".html": "html", ".htm": "html", ".md": "md", ".pdf": "pdf"}.get(suffix)
    if fmt is None:
        raise UsageError(f"--report {clean_text(str(path))}: use a .html, .md, .pdf or .json file name")
    ctx = {"result": result.to_json(), "passed": result.passed, "score": result.score,
           "code": marked_source(result)}
    return write_document(Document("report", ctx, "Grade report"), fmt, path)

