"""Read a submission (`.py`, or the code cells of an `.ipynb`) without running any of it.

What the grader needs before the sandbox starts: the source text, the names defined at
module level (by parsing, not executing), and the framework the file declares.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SubmissionError

__all__ = ["Submission", "load_submission"]

_MAX_BYTES = 2 << 20
_MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Submission:
    path: Path
    source: str
    defined: frozenset[str]
    framework: str | None  # "torch", "numpy" or None when the file does not say
    syntax_error: str | None = None
    skipped_lines: tuple[str, ...] = field(default_factory=tuple)


def load_submission(path: Path) -> Submission:
    path = Path(path)
    if not path.is_file():
        raise SubmissionError(f"no such file: {path}")
    if path.stat().st_size > _MAX_BYTES:
        raise SubmissionError(f"{path} is larger than {_MAX_BYTES >> 20} MiB")
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{path} is not UTF-8 text: {exc}") from None
    skipped: list[str] = []
    if path.suffix == ".ipynb":
        source, skipped = _notebook_source(path, raw)
    elif path.suffix == ".py":
        source = raw
    else:
        raise SubmissionError(f"{path}: expected a .py file or an .ipynb notebook")
    try:
        tree = ast.parse(source, filename="submission.py")
    except SyntaxError as exc:
        return Submission(path, source, frozenset(re.findall(r"^def\s+(\w+)", source, re.M)),
                          None, f"SyntaxError: {exc.msg} (line {exc.lineno})", tuple(skipped))
    defined, framework = set(), None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    defined.add(target.id)
                    if target.id == "FRAMEWORK" and isinstance(node.value, ast.Constant):
                        framework = str(node.value.value).lower()
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                defined.add((alias.asname or alias.name).split(".")[0])
    return Submission(path, source, frozenset(defined), framework, None, tuple(skipped))


def _notebook_source(path: Path, raw: str) -> tuple[str, list[str]]:
    import nbformat

    try:
        nb = nbformat.reads(raw, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad JSON
        raise SubmissionError(f"{path} is not a readable notebook: {exc}") from None
    parts, skipped = [], []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        lines = []
        for line in str(cell.get("source", "")).splitlines():
            if _MAGIC.match(line):
                skipped.append(f"cell {i + 1}: {line.strip()}")
                lines.append("")
            else:
                lines.append(line)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n", skipped
