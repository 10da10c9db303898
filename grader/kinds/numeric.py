"""A number, computed by the question's answer function from randomly drawn parameters."""

from __future__ import annotations

import random

from ..banks.numeric import draw_params, evaluate, format_number
from ..banks.schema import Text
from ..practice.answers import parse_number
from ..practice.mathtext import render_math
from ..practice.messages import bilingual
from .base import Kind, Shown

__all__ = ["Numeric"]


class Numeric(Kind):
    name = "numeric"
    label = Text(en="Give a number.", zh="填写数值。")
    title = Text(en="numeric", zh="计算题")
    guide_section = "worked"

    def show(self, q, rng: random.Random) -> Shown:
        params = draw_params(q, rng)
        expected, extras = evaluate(q, params)
        return Shown(q, values={**params, "answer": expected, **extras}, expected=expected)

    def input_hint(self, shown: Shown, t) -> str:
        hint = render_math(t(shown.q.answer.format))
        if shown.q.answer.unit:
            hint += t(bilingual("format.unit", unit=t(shown.q.answer.unit)))
        return hint

    def check(self, shown: Shown, raw: str):
        value = parse_number(raw)
        return shown.q.answer.accepts(value, shown.expected), value

    def expected_text(self, shown: Shown, t) -> str:
        return format_number(shown.expected)

    def view(self, shown: Shown, lang: str) -> dict:
        a = shown.q.answer
        return {"answer": format_number(shown.expected), "format": getattr(a.format, lang),
                "unit": getattr(a.unit, lang) if a.unit else ""}
