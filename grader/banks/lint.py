"""`quiz lint`: everything the schema cannot see, checked across all bank files at once.

On top of the schema (kinds, both languages, options and answers), lint checks ids across
files, topics against the catalogue, that Chinese texts are Chinese, that every numeric
answer function imports and computes a finite answer over the parameter grid, and that
every placeholder of a text is filled.

For coding tasks it checks that every declared check has something to compare: each
function a check calls has a case that supplies its arguments (`FunctionSpec.fits`, the rule the
grader applies), a stateful task's trajectory can start from its cases, and a stochastic
task's statistics are not empty. A check with nothing to compare grades `not_gradable`.
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
from .parse import compose_with_lines
from .questions import PLACEHOLDER, NumericQuestion
from .schema import CodingTask, FunctionSpec

__all__ = ["LintReport", "lint_paths", "lint_task", "expand_paths"]

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
    if missing:  # a path mistyped is a usage error, not a problem of a bank
        from ..errors import UsageError
        from ..untrusted import clean_text

        raise UsageError("no such file: " + ", ".join(clean_text(str(f)) for f in missing))
    bank, problems = read_bank_files([f for f in files if f.is_file()])
    report.problems += problems
    report.tasks = len(bank.tasks)
    lines: dict[str, tuple[dict, dict]] = {}
    for tid, task in bank.tasks.items():
        found = lint_task(task)
        if found:
            report.problems += _located(bank.sources[tid], task.id, found, lines)
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


def _no_fit(fn: FunctionSpec, kind: str = "case") -> str:
    return f"no {kind} supplies every argument of {fn.name} ({', '.join(fn.required)}) and nothing else"


def lint_task(task: CodingTask) -> list[tuple[tuple, str]]:
    """What a task's checks would have nothing to compare with: (field path, message) pairs.

    The schema already requires a `trajectory`, `dropout` or `gan` section for the checks
    that need one; this looks inside them and at the cases.
    """
    checks = set(task.checks)
    names = [f.name for f in task.functions]
    out: list[tuple[tuple, str]] = []
    # values, gradients, grad_consistency call each forward function (and its backward)
    # with the cases that fit it; a task with a trajectory only walks its cases step by step
    per_case = [c for c in ("values", "gradients", "grad_consistency") if c in checks]
    if task.trajectory is not None and per_case:
        out.append((("checks",), f"{', '.join(per_case)} would compare nothing: a task with a "
                                 "`trajectory` follows its cases step by step (check 'steps') "
                                 "instead of calling them one by one"))
    forwards = [f for f in task.functions if f.backward_of is None]
    for fn in forwards if task.trajectory is None else ():
        bwd = task.backward_for(fn.name)
        calls = {"values": not fn.provided, "gradients": bool(bwd or fn.value_grads or fn.wrt),
                 "grad_consistency": bool(bwd or fn.loss_output)}
        by = [c for c in ("values", "gradients", "grad_consistency") if c in checks and calls[c]]
        if by and not any(fn.fits(c) for c in task.cases):
            also = f" and {bwd.name}" if bwd and {"gradients", "grad_consistency"} & set(by) else ""
            out.append((("cases",), f"{_no_fit(fn)}: {', '.join(by)} would compare nothing for "
                                    f"{fn.name}{also}"))
    if "stability" in checks:
        for fn in task.forward_functions:
            if not any(fn.fits(c) for c in task.stability_cases):
                out.append((("stability_cases",), f"{_no_fit(fn, 'stability case')}: stability "
                                                  f"would compare nothing for {fn.name}"))
    if "steps" in checks and task.trajectory is not None:
        out += _lint_trajectory(task, names)
    if "dropout" in checks and task.dropout is not None:
        out += _lint_dropout(task, names)
    if "gan" in checks and task.gan is not None:
        spec = task.gan
        if spec.function not in names:
            out.append((("gan", "function"), f"gan.function {spec.function!r} is not one of the "
                                             f"task's functions {names}"))
        if not spec.optimizers:
            out.append((("gan", "optimizers"), "gan.optimizers is empty: no training step would be "
                                               "compared"))
    if checks == {"inputs_unchanged"}:
        out.append((("checks",), "check 'inputs_unchanged' needs another check that calls the "
                                 "functions: alone it has nothing to look at"))
    return out


def _lint_trajectory(task: CodingTask, names: list[str]) -> list[tuple[tuple, str]]:
    spec = task.trajectory
    if spec.function not in names:
        return [(("trajectory", "function"), f"trajectory.function {spec.function!r} is not one "
                                             f"of the task's functions {names}")]
    fn = task.function(spec.function)
    out: list[tuple[tuple, str]] = []
    if not task.cases:
        out.append((("checks",), "check 'steps' needs `cases` to start its trajectories from"))
    for i, case in enumerate(task.cases):
        missing = [n for n in fn.required if n not in case]
        extra = sorted(set(case) - set(fn.params))
        if missing or extra:
            what = "; ".join(([f"lacks {missing}"] if missing else []) +
                             ([f"has {extra}, which {fn.name} does not take"] if extra else []))
            out.append((("cases", i), f"cases.{i} {what}: its trajectory of {fn.name} would "
                                      "compare nothing"))
        lost = [n for n in spec.fresh if n not in case]
        if lost and not (missing or extra):
            out.append((("cases", i), f"cases.{i}: trajectory.fresh draws {lost} afresh at "
                                      "every step, but this case does not draw them"))
    for name, idx in spec.carry.items():
        if name not in fn.params:
            out.append((("trajectory", "carry"), f"trajectory.carry: {name!r} is not an argument "
                                                 f"of {fn.name}"))
        if not 0 <= idx < len(fn.outputs):
            out.append((("trajectory", "carry"), f"trajectory.carry: {name}: {idx} is not the "
                                                 f"index of one of the outputs {fn.outputs}"))
    if spec.counter is not None and spec.counter not in fn.params:
        out.append((("trajectory", "counter"), f"trajectory.counter {spec.counter!r} is not an "
                                               f"argument of {fn.name}"))
    return out


def _lint_dropout(task: CodingTask, names: list[str]) -> list[tuple[tuple, str]]:
    spec = task.dropout
    out: list[tuple[tuple, str]] = []
    for key in ("forward", "backward"):
        if getattr(spec, key) not in names:
            out.append((("dropout", key), f"dropout.{key} {getattr(spec, key)!r} is not one of "
                                          f"the task's functions {names}"))
    if not spec.probabilities:
        out.append((("dropout", "probabilities"), "dropout.probabilities is empty: no statistics "
                                                  "would be drawn"))
    bad = [p for p in spec.probabilities if not 0 < p < 1]
    if bad:
        out.append((("dropout", "probabilities"), f"dropout.probabilities {bad}: each must lie "
                                                  "strictly between 0 and 1"))
    if any(d < 1 for d in spec.shape):
        out.append((("dropout", "shape"), f"dropout.shape {spec.shape} has an empty axis: no "
                                          "element would be drawn"))
    if spec.z_max <= 0:
        out.append((("dropout", "z_max"), f"dropout.z_max {spec.z_max!r} must be positive"))
    return out


def _located(source: str, task_id: str, found: list[tuple[tuple, str]],
             cache: dict[str, tuple[dict, dict]]) -> list[str]:
    """`file:line: task: message`, each at the line of the field it is about."""
    path, _, line = source.rpartition(":")
    if path not in cache:
        try:
            raw, lines = compose_with_lines(Path(path).read_text(encoding="utf-8"), path)
            items = (raw.get("tasks") or []) if isinstance(raw, dict) else []
            index = {}
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    index.setdefault(item.get("id"), i)
            cache[path] = (lines, index)
        except Exception:  # noqa: BLE001  (the file was read a moment ago; keep the task's line)
            cache[path] = ({}, {})
    lines, index = cache[path]
    i = index.get(task_id)
    out = []
    for loc, msg in found:
        at = line
        if i is not None:
            key = ("tasks", i, *loc)
            while len(key) > 2 and key not in lines:
                key = key[:-1]
            at = str(lines.get(key, line))
        out.append(f"{path}:{at}: {task_id}: {msg}")
    return out


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
