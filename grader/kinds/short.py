"""A short written answer, rated by the person against a model answer and its key points."""

from __future__ import annotations

from ..banks.schema import Text
from ..practice.mathtext import render_math
from ..practice.messages import bilingual
from .base import Kind, Shown

__all__ = ["Short"]


class Short(Kind):
    name = "short"
    label = Text(en="Answer in a few sentences.", zh="简要作答。")
    title = Text(en="short", zh="简答题")
    self_rated = True
    guide_section = "short"

    def input_hint(self, shown: Shown, t) -> str:
        return t(bilingual("format.short"))

    def check(self, shown: Shown, raw: str):
        return None, raw

    def expected_text(self, shown: Shown, t) -> str:
        return render_math(t(shown.q.answer.model))

    def feedback(self, shown: Shown, correct, understood, t):
        a = shown.q.answer
        return ([("say", t(bilingual("feedback.model_answer")), "bold"),
                 ("markdown", render_math(t(a.model)), ""),
                 ("say", t(bilingual("feedback.key_points")), "bold")]
                + [("say", f"  • {render_math(t(p))}", "") for p in a.key_points])

    def view(self, shown: Shown, lang: str) -> dict:
        a = shown.q.answer
        return {"answer": getattr(a.model, lang), "key_points": [getattr(p, lang) for p in a.key_points]}
