"""`quiz lint`: everything the schema cannot see, checked across all bank files at once.

On top of the schema (kinds, both languages, options and answers), lint checks ids across
files, topics against the catalogue, that Chinese texts are Chinese, that every numeric
answer function imports and computes a finite answer over the parameter grid, and that
every placeholder of a text is filled.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .loader import bank_paths, read_bank_files
from .numeric import evaluate, fill
from .questions import PLACEHOLDER, NumericQuestion

__all__ = ["LintReport", "lint_paths", "expand_paths"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_GRID_LIMIT = 5000


@dataclass
class LintReport:
    problems: list[str] = field(default_factory=list)
    files: int = 0
    by_topic: dict[str, Counter] = field(default_factory=dict)
    parameterised: int = 0
    tasks: int = 0

    @property
    def questions(self) -> int:
        return sum(sum(c.values()) for c in self.by_topic.values())


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(x for x in p.glob("*.yaml") if not x.name.startswith("_"))
        else:
            out.append(p)
    return out


def lint_paths(paths: Iterable[Path] = ()) -> LintReport:
    files = expand_paths(paths) if paths else bank_paths()
    report = LintReport(files=len(files))
    missing = [f for f in files if not f.is_file()]
    report.problems += [f"{f}: no such file" for f in missing]
    bank, problems = read_bank_files([f for f in files if f.is_file()])
    report.problems += problems
    report.tasks = len(bank.tasks)
    for qid, q in bank.questions.items():
        where = bank.sources[qid]
        report.by_topic.setdefault(q.topic, Counter())[q.kind] += 1
        for label, text in _texts(q):
            if not _CJK.search(text):
                report.problems.append(f"{where}: {qid}: {label}.zh has no Chinese text")
        if isinstance(q, NumericQuestion):
            if q.params:
                report.parameterised += 1
            report.problems += [f"{where}: {qid}: {p}" for p in _check_numeric(q)]
    return report


def _texts(q) -> list[tuple[str, str]]:
    out = [("prompt", q.prompt.zh), ("explanation", q.explanation.zh)]
    for i, opt in enumerate(getattr(q, "options", None) or []):
        out.append((f"options.{i}.why", opt.why.zh))
    return out


def _check_numeric(q: NumericQuestion) -> list[str]:
    grid = q.grid()
    if len(grid) > _GRID_LIMIT:
        grid = random.Random(q.id).sample(grid, _GRID_LIMIT)
    valid, problems = [], []
    for params in grid:
        try:
            value, extras = evaluate(q, params)
        except ValueError:
            continue
        except ImportError as exc:
            return [f"answer.compute {q.answer.compute!r} cannot be imported: {exc}"]
        except AttributeError as exc:
            return [f"answer.compute {q.answer.compute!r} not found: {exc}"]
        except Exception as exc:  # a broken answer function: report, do not crash lint
            return [f"answer.compute {q.answer.compute}({params}) raised {type(exc).__name__}: {exc}"]
        valid.append((params, value, extras))
    if not valid:
        return [f"no combination of parameters gives an answer ({q.answer.compute} raised "
                "ValueError for all)"]
    params, value, extras = valid[0]
    values = {**params, "answer": value, **extras}
    for lang in ("en", "zh"):
        for label, text in (("prompt", getattr(q.prompt, lang)), ("explanation", getattr(q.explanation, lang))):
            left = PLACEHOLDER.findall(fill(text, values))
            if left:
                problems.append(f"{label}.{lang}: placeholders {sorted(set(left))} are not "
                                "parameters, `answer`, or values the answer function returns")
    return problems
