"""The candidate's code as a grade report shows it: each line that a failed check points at, marked.

A check points at the lines its message names ("sigmoid raised ZeroDivisionError: ...
(submission.py line 12)", a traceback's "submission.py, line 12, in sigmoid"); a check whose
message names none points at the whole top-level function (or class) it tests, found with
`ast`: the function its message blames ("sigmoid_backward → dx: ..." in `stability: sigmoid`),
else the one in its name (`gradients: linear_backward`), else, for a check of the whole task
(`inputs_unchanged`, `load`), every function of the task. A failure that only follows from a
wrong forward (`CheckResult.follows`) points where that forward's check points.

The source is untrusted text: every line is cleaned (`clean_text`), a long line is cut, and a
long source is shown as at most `MAX_LINES` lines around the marks. Escaping for HTML
(autoescape) and Markdown (a fence no line can close) is the templates' part.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..errors import BankError
from ..grading.results import CheckResult, GradeResult
from ..untrusted import clean_text

__all__ = ["CodeLine", "CodeView", "Cut", "MarkedRange", "marked_source", "MAX_LINES"]

#: the most source lines a report shows; the rest is cut, around the marks
MAX_LINES = 400
#: the most characters of one line a report shows
MAX_LINE_CHARS = 500

_MARKING = {"failed": "failed", "error": "raised an error", "timeout": "timed out"}
# "(submission.py line 12)", "(line 12)" after a load or syntax error, "submission.py, line 12, in f"
_LINE = re.compile(r"\bline (\d{1,9})\b")
# the function a message blames: at the start of a line or after a case's "...: ", then its verdict
_BLAMED = re.compile(r"(?:^|: )([A-Za-z_]\w*)(?= →| raised | changed | returned |: )", re.M)
_NEWLINE = re.compile(r"\r\n|\r|\n")  # Python's own line ends: a lone "\r" starts a line too


@dataclass(frozen=True)
class MarkedRange:
    """Consecutive lines that the same checks mark."""

    first: int
    last: int
    labels: tuple[str, ...]

    @property
    def span(self) -> str:
        """"12" or "12–18"."""
        return _span(self.first, self.last)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class CodeLine:
    """One source line as shown: cleaned, cut past `MAX_LINE_CHARS`, and its marks."""

    cut: ClassVar[bool] = False
    number: int
    text: str
    #: labels of the checks that point at this line ("values: sigmoid failed")
    labels: tuple[str, ...] = ()
    #: the first line of a marked range: where a report shows the labels
    starts: bool = False

    @property
    def marked(self) -> bool:
        return bool(self.labels)


@dataclass(frozen=True)
class Cut:
    """Lines `first`..`last` left out of a long source, and the marked ranges among them."""

    cut: ClassVar[bool] = True
    first: int
    last: int
    ranges: tuple[MarkedRange, ...] = ()

    @property
    def span(self) -> str:
        return _span(self.first, self.last)


@dataclass(frozen=True)
class CodeView:
    """The source as a report shows it: rows (lines and cuts) and every marked range."""

    rows: tuple[CodeLine | Cut, ...]
    ranges: tuple[MarkedRange, ...]
    #: lines in the source, and how many of them the rows show
    total: int
    shown: int
    #: False when the source did not parse: only lines named in messages can be marked
    parsed: bool

    @property
    def marked(self) -> bool:
        return bool(self.ranges)

    def plain(self) -> str:
        """The rows as plain text: a line number, `>>` on a marked line, the line."""
        width = len(str(self.total))
        out = []
        for row in self.rows:
            if row.cut:
                out.append(f"{'':>{width}}    … lines {row.span} not shown …")
            else:
                out.append(f"{row.number:>{width}} {'>>' if row.marked else '  '} {row.text}".rstrip())
        return "\n".join(out)


def marked_source(result: GradeResult, *,
                  task_functions: Mapping[str, Sequence[str]] | None = None) -> CodeView | None:
    """The graded source with the lines each failed, errored or timed-out check points at.

    Args:
        result: a grade with its `source` (None: nothing to show).
        task_functions: the functions (and classes) of each task by task id; by default those
            of the shipped bank.

    Returns:
        The view for a report, or None when the result carries no source.
    """
    if result.source is None:
        return None
    lines = _NEWLINE.split(result.source)
    if lines and lines[-1] == "":  # the final line end starts no line of its own
        lines.pop()
    if task_functions is None:
        task_functions = _bank_functions()
    spans = _definitions(result.source)
    labels: dict[int, list[str]] = {}
    several = len(result.tasks) > 1
    for task in result.tasks:
        functions = tuple(task_functions.get(task.id, ()))
        for check in task.checks:
            if check.status not in _MARKING:
                continue
            label = _label(check, task.id if several else None)
            for n in _pointed_at(check, functions, spans, len(lines)):
                here = labels.setdefault(n, [])
                if label not in here:  # the same check on another device
                    here.append(label)
    ranges = _ranges(labels)
    shown = _window(len(lines), ranges)
    rows: list[CodeLine | Cut] = []
    starts = {r.first for r in ranges}
    previous = 0
    for n in shown:
        if n > previous + 1:
            rows.append(_cut(previous + 1, n - 1, ranges))
        # a range cut at its top shows its labels at its first line shown
        first = n in starts or (n in labels and n - 1 != previous)
        rows.append(CodeLine(n, _shown_text(lines[n - 1]), tuple(labels.get(n, ())), first))
        previous = n
    if previous < len(lines):
        rows.append(_cut(previous + 1, len(lines), ranges))
    return CodeView(tuple(rows), ranges, len(lines), len(shown), spans is not None)


def _bank_functions() -> dict[str, tuple[str, ...]]:
    from ..banks import load_bank

    try:
        tasks = load_bank().tasks
    except BankError:  # a broken bank: the report still shows the code, marked by line numbers
        return {}
    return {tid: tuple(f.name for f in task.functions) for tid, task in tasks.items()}


def _label(check: CheckResult, task_id: str | None) -> str:
    label = f"{check.name} {_MARKING[check.status]}"
    if check.follows:
        label += f" (follows from the failed {check.follows})"
    return f"{task_id}: {label}" if task_id else label


def _pointed_at(check: CheckResult, functions: tuple[str, ...],
                spans: dict[str, tuple[int, int]] | None, count: int) -> list[int]:
    """The line numbers `check` points at, in a source of `count` lines."""
    named = sorted({n for n in map(int, _LINE.findall(check.message)) if 1 <= n <= count})
    if named or spans is None:
        return named
    if check.follows:  # a gradient of a wrong forward: the forward is where to look
        names = _named_function(check.follows, functions, spans)
    else:
        names = ([f for f in dict.fromkeys(_BLAMED.findall(check.message)) if f in functions]
                 or _named_function(check.name, functions, spans))
    names = names or list(functions)
    return sorted({n for f in names if f in spans for n in range(spans[f][0], spans[f][1] + 1)})


def _named_function(check_name: str, functions: tuple[str, ...],
                    spans: dict[str, tuple[int, int]]) -> list[str]:
    """The function a check's name ends with ("values: sigmoid", "distribution: rng: he_normal");
    a task's function, or, for a task the bank does not know, any top-level definition."""
    if ": " not in check_name:
        return []
    name = check_name.rsplit(": ", 1)[1].strip()
    return [name] if name in functions or (not functions and name in spans) else []


def _definitions(source: str) -> dict[str, tuple[int, int]] | None:
    """First and last line of each top-level def, class or assignment, by name (the last
    definition wins, as it does when the module runs); None when the source does not parse."""
    try:
        tree = ast.parse(source, filename="submission.py")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    spans: dict[str, tuple[int, int]] = {}

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                spans[node.name] = (first, node.end_lineno or node.lineno)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):  # sigmoid = lambda x: ...
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        spans[t.id] = (node.lineno, node.end_lineno or node.lineno)
            elif isinstance(node, (ast.If, ast.Try, ast.With)):  # if FRAMEWORK == ...: def f
                for part in ("body", "orelse", "finalbody"):
                    visit(getattr(node, part, []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return spans


def _ranges(labels: dict[int, list[str]]) -> tuple[MarkedRange, ...]:
    """Runs of consecutive lines with the same labels."""
    out: list[MarkedRange] = []
    for n in sorted(labels):
        here = tuple(labels[n])
        if out and out[-1].last == n - 1 and out[-1].labels == here:
            out[-1] = MarkedRange(out[-1].first, n, here)
        else:
            out.append(MarkedRange(n, n, here))
    return tuple(out)


def _window(count: int, ranges: tuple[MarkedRange, ...]) -> list[int]:
    """The line numbers to show: all of a short source; of a long one, at most `MAX_LINES`,
    the marked lines with as much context around them as fits (the first lines if none is)."""
    if count <= MAX_LINES:
        return list(range(1, count + 1))
    marked = sorted({n for r in ranges for n in range(r.first, r.last + 1)})
    if not marked:
        return list(range(1, MAX_LINES + 1))
    if len(marked) >= MAX_LINES:
        return marked[:MAX_LINES]

    def around(context: int) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for n in marked:
            lo, hi = max(1, n - context), min(count, n + context)
            if spans and lo <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
            else:
                spans.append((lo, hi))
        return spans

    def size(context: int) -> int:
        return sum(hi - lo + 1 for lo, hi in around(context))

    lo, hi = 0, count  # the widest context that fits: size grows with the context
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if size(mid) <= MAX_LINES else (lo, mid - 1)
    return [n for a, b in around(lo) for n in range(a, b + 1)]


def _cut(first: int, last: int, ranges: tuple[MarkedRange, ...]) -> Cut:
    return Cut(first, last, tuple(r for r in ranges if r.first <= last and r.last >= first))


def _shown_text(line: str) -> str:
    text = clean_text(line[:MAX_LINE_CHARS])
    if len(line) > MAX_LINE_CHARS:
        text += f" … ({len(line) - MAX_LINE_CHARS} more characters)"
    return text
