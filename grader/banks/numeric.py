"""Numeric questions: evaluate the answer function, draw parameters, fill placeholders."""

from __future__ import annotations

import importlib
import math
import random
from typing import Any, Callable

from .questions import PLACEHOLDER, NumericQuestion

__all__ = ["answer_function", "evaluate", "draw_params", "fill", "format_number"]


def answer_function(q: NumericQuestion) -> Callable[..., Any]:
    module, _, name = q.answer.compute.rpartition(".")
    return getattr(importlib.import_module(module), name)


def evaluate(q: NumericQuestion, params: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """The answer for these parameters, and extra named values for the explanation.

    The function returns a number, or a dict with `answer` and further values. It raises
    `ValueError` for a combination of parameters that makes no sense (a kernel larger than
    the padded input); callers skip such combinations.
    """
    out = answer_function(q)(**params)
    extras: dict[str, Any] = {}
    if isinstance(out, dict):
        extras = {k: v for k, v in out.items() if k != "answer"}
        out = out["answer"]
    value = float(out)
    if not math.isfinite(value):
        raise ArithmeticError(f"{q.answer.compute}({params}) is not finite: {value}")
    return value, extras


def draw_params(q: NumericQuestion, rng: random.Random, *, tries: int = 200) -> dict[str, Any]:
    """A random valid combination of the question's parameters."""
    if not q.params:
        return {}
    for _ in range(tries):
        params = {name: rng.choice(p.values()) for name, p in q.params.items()}
        try:
            evaluate(q, params)
        except ValueError:
            continue
        return params
    for params in q.grid():  # sparse validity: fall back to a scan
        try:
            evaluate(q, params)
            return params
        except ValueError:
            continue
    raise ValueError(f"{q.id}: no valid combination of parameters")


def format_number(x: Any) -> str:
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        return f"{x:.6g}"
    return str(x)


def fill(text: str, values: dict[str, Any]) -> str:
    """Replace `{{name}}` placeholders; unknown names are left as they are."""
    def sub(m):
        name = m.group(1)
        return format_number(values[name]) if name in values else m.group(0)
    return PLACEHOLDER.sub(sub, text)
