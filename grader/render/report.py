"""Grade reports: HTML and Markdown through the templates, and Gradescope's results.json."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from ..grading.results import GradeResult
from .documents import Document, write_document

__all__ = ["write_report", "gradescope_results"]


def gradescope_results(result: GradeResult, *, elapsed: float | None = None) -> dict:
    """The Gradescope autograder results format: one test per check, each task worth 1 point."""
    tests = []
    for task in result.tasks:
        share = 1.0 / len(task.checks) if task.checks else 0.0
        for c in task.checks:
            tests.append({"name": f"{task.id}: {c.name}" + (f" [{c.device}]" if c.device and len(task.devices) > 1 else ""),
                          "score": round(share if c.passed else 0.0, 6), "max_score": round(share, 6),
                          "status": "passed" if c.passed else "failed", "output": c.message,
                          "visibility": "visible"})
    out = {"score": round(sum(t["score"] for t in tests), 6),
           "output": f"seed {result.seed}; replay with: quiz grade FILE --seed {result.seed}",
           "tests": tests, "visibility": "visible", "stdout_visibility": "hidden"}
    if elapsed is not None:
        out["execution_time"] = round(elapsed, 3)
    return out


def write_report(result: GradeResult, path: Path, *, elapsed: float | None = None) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(gradescope_results(result, elapsed=elapsed), indent=1, ensure_ascii=False),
                        encoding="utf-8")
        return path
    fmt = {".html": "html", ".htm": "html", ".md": "md", ".pdf": "pdf"}.get(suffix)
    if fmt is None:
        raise UsageError(f"--report {path}: use a .html, .md, .pdf or .json file name")
    ctx = {"result": result.to_json(), "passed": result.passed, "score": result.score}
    return write_document(Document("report", ctx, "Grade report"), fmt, path)
