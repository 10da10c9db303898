"""True or false."""

from __future__ import annotations

from ..banks.schema import Text
from ..practice.answers import parse_bool
from ..practice.messages import bilingual
from .base import Kind, Shown

__all__ = ["TrueFalse"]


class TrueFalse(Kind):
    name = "true_false"
    label = Text(en="True or false?", zh="判断正误。")
    title = Text(en="true_false", zh="判断题")
    quick = True

    def input_hint(self, shown: Shown, t) -> str:
        return t(bilingual("format.true_false"))

    def check(self, shown: Shown, raw: str):
        value = parse_bool(raw)
        return value == shown.q.answer, value

    def expected_text(self, shown: Shown, t) -> str:
        return t(bilingual("answer.true" if shown.q.answer else "answer.false"))

    def view(self, shown: Shown, lang: str) -> dict:
        words = {"en": ("True", "False"), "zh": ("正确", "错误")}[lang]
        return {"answer": words[0] if shown.q.answer else words[1]}
