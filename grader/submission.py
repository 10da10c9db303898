"""Read a submission (`.py`, or the code cells of an `.ipynb`) without running any of it.

What the grader needs before the sandbox starts: the source text, the names defined at
module level (by parsing, not executing), and the framework the file declares.

The file is hostile: a source the parser cannot hold (an expression nested 100,000 deep, a
null byte, a notebook whose JSON nests past the recursion limit) becomes a `Submission`
whose `syntax_error` says so in one line, never an exception out of the grader.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SubmissionError
from .untrusted import clean_text

__all__ = ["Submission", "load_submission", "parse_submission", "read_submission_text"]

_MAX_BYTES = 2 << 20
_MAGIC = re.compile(r"^\s*[%!]")
# a `def` at the start of a line of source, as the raw text of a notebook writes it
_NOTEBOOK_DEF = re.compile(r'(?:"|\\n)def\s+(\w+)')


@dataclass(frozen=True)
class Submission:
    path: Path
    source: str
    defined: frozenset[str]
    framework: str | None  # "torch", "numpy" or None when the file does not say
    syntax_error: str | None = None
    skipped_lines: tuple[str, ...] = field(default_factory=tuple)


def load_submission(path: Path) -> Submission:
    """Read and parse the submission at `path`; nothing of it runs.

    Raises:
        SubmissionError: no such file, too large, not UTF-8, not .py or .ipynb, or a notebook
            that is not JSON at all.
    """
    path = Path(path)
    return parse_submission(path, read_submission_text(path))


def read_submission_text(path: Path) -> str:
    """The text of the file at `path`, checked (exists, size, UTF-8, a .py or .ipynb name).

    Raises:
        SubmissionError: as `load_submission`.
    """
    path = Path(path)
    shown = clean_text(str(path))
    if not path.is_file():
        raise SubmissionError(f"no such file: {shown}")
    if path.suffix not in (".py", ".ipynb"):
        raise SubmissionError(f"{shown}: expected a .py file or an .ipynb notebook")
    if path.stat().st_size > _MAX_BYTES:
        raise SubmissionError(f"{shown} is larger than {_MAX_BYTES >> 20} MiB")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{shown} is not UTF-8 text: {exc}") from None


def parse_submission(path: Path, raw: str) -> Submission:
    """Parse the text `raw` of a file named `path` (read elsewhere: another machine's disk).

    Raises:
        SubmissionError: too large, not .py or .ipynb, or a notebook that is not JSON at all.
    """
    path = Path(path)
    shown = clean_text(str(path))
    if len(raw.encode("utf-8", errors="surrogatepass")) > _MAX_BYTES:
        raise SubmissionError(f"{shown} is larger than {_MAX_BYTES >> 20} MiB")
    skipped: list[str] = []
    if path.suffix == ".ipynb":
        source, skipped, problem = _notebook_source(path, raw)
        if problem:
            defined = frozenset(_NOTEBOOK_DEF.findall(raw))
            return Submission(path, source, defined, None, problem, tuple(skipped))
    elif path.suffix == ".py":
        source = raw
    else:
        raise SubmissionError(f"{shown}: expected a .py file or an .ipynb notebook")
    tree, problem = _parse(source)
    if tree is None:
        return Submission(path, source, _defined_by_pattern(source), None, problem, tuple(skipped))
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


def _parse(source: str) -> tuple[ast.Module | None, str | None]:
    """The module's syntax tree, or None and one line that says why the parser gave up."""
    try:
        return ast.parse(source, filename="submission.py"), None
    except RecursionError:
        why = "expression nested too deeply"
    except MemoryError:
        why = "expression nested too deeply (out of memory)"
    except SyntaxError as exc:  # also "too many nested parentheses" and, on 3.12+, null bytes
        where = f" (line {exc.lineno})" if exc.lineno else ""
        why = f"SyntaxError: {exc.msg}{where}"
    except ValueError as exc:  # "source code string cannot contain null bytes" before 3.12
        why = f"ValueError: {exc}"
    return None, _one_line(f"could not parse: {why}")


def _defined_by_pattern(source: str) -> frozenset[str]:
    """Functions defined at the start of a line: what a source the parser refused seems to offer."""
    return frozenset(re.findall(r"^def\s+(\w+)", source, re.M))


def _one_line(text: str) -> str:
    return clean_text(" ".join(text.split("\n")))[:500]


def _notebook_source(path: Path, raw: str) -> tuple[str, list[str], str | None]:
    """The code cells as one source, the magic lines left out, and why it could not be read.

    JSON nested past the recursion limit is valid JSON the reader cannot hold: like a source
    the parser refuses, it is a failed load (with the `def`s its raw text shows), not an error
    of the command line.
    """
    import nbformat

    try:
        nb = nbformat.reads(raw, as_version=4)
    except (RecursionError, MemoryError):
        return "", [], "could not parse: notebook JSON nested too deeply"
    except Exception as exc:  # nbformat raises several unrelated types for bad JSON
        raise SubmissionError(f"{clean_text(str(path))} is not a readable notebook: {_one_line(str(exc))}"
                              ) from None
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
    return "\n\n".join(parts) + "\n", skipped, None
