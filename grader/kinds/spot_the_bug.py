"""A snippet with one wrong line: which line, and what it should read."""

from __future__ import annotations

from ..banks.schema import Text
from ..practice.answers import parse_bug_answer
from ..practice.mathtext import render_math
from ..practice.messages import bilingual
from .base import Kind, Shown

__all__ = ["SpotTheBug"]


class SpotTheBug(Kind):
    name = "spot_the_bug"
    label = Text(en="Which line is wrong, and what should it be?", zh="哪一行有错？应该怎么改？")
    title = Text(en="spot_the_bug", zh="找错题")
    guide_section = "bugs"

    def lines(self, shown: Shown, t) -> list[str]:
        return [f"  {i:>2} | {line}" for i, line in enumerate(_code_lines(shown.q), 1)]

    def input_hint(self, shown: Shown, t) -> str:
        return t(bilingual("format.spot_the_bug"))

    def check(self, shown: Shown, raw: str):
        line, _fix = parse_bug_answer(raw)
        return line == shown.q.answer.line, line

    def expected_text(self, shown: Shown, t) -> str:
        a = shown.q.answer
        return t(bilingual("answer.bug_line", line=a.line, fixed=a.fixed_line.strip()))

    def feedback(self, shown: Shown, correct, understood, t):
        a = shown.q.answer
        return [("say", t(bilingual("feedback.bug_fix", line=a.line, fixed=a.fixed_line.strip())), "green"),
                ("markdown", render_math(t(a.fix)), "")]

    def view(self, shown: Shown, lang: str) -> dict:
        a = shown.q.answer
        return {"code_lines": _code_lines(shown.q), "answer": str(a.line), "fixed_line": a.fixed_line,
                "fix": getattr(a.fix, lang)}


def _code_lines(q) -> list[str]:
    return q.code.rstrip("\n").split("\n")
