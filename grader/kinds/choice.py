"""Multiple choice: one right option (`mcq`) or every right option (`multi`)."""

from __future__ import annotations

from ..banks.schema import Text
from ..practice.answers import AnswerError, parse_choices
from ..practice.mathtext import render_math
from ..practice.messages import bilingual
from .base import Kind, Shown

__all__ = ["Mcq", "Multi"]


class _Choice(Kind):
    quick = True
    def right(self, q) -> set[str]:
        raise NotImplementedError

    def lines(self, shown: Shown, t) -> list[str]:
        return [f"  {letter}) {render_math(t(o.text))}" for letter, o in zip(shown.letters, shown.order)]

    def expected_text(self, shown: Shown, t) -> str:
        keys = [o.key for o in shown.order]
        return ",".join(shown.letters[keys.index(k)] for k in sorted(self.right(shown.q),
                                                                       key=keys.index))

    def feedback(self, shown: Shown, correct, understood, t) -> list[tuple[str, str, str]]:
        if correct is not False:
            return []
        chosen = {shown.order[shown.letters.index(p)].key for p in understood}
        right, out = self.right(shown.q), []
        for letter, opt in zip(shown.letters, shown.order):
            why = render_math(t(opt.why))
            if opt.key in chosen - right:
                out.append(("say", t(bilingual("feedback.chosen", letter=letter, why=why)), "red"))
            elif opt.key in right - chosen:
                said = (t(bilingual("feedback.missed", letter=letter, why=why)) if self.name == "multi"
                        else f"  {letter}) {why}")
                out.append(("say", said, "green"))
        return out

    def view(self, shown: Shown, lang: str) -> dict:
        right = self.right(shown.q)
        options = [{"letter": letter, "text": getattr(o.text, lang), "why": getattr(o.why, lang),
                    "correct": o.key in right} for letter, o in zip(shown.letters, shown.order)]
        return {"options": options, "answer": ", ".join(o["letter"] for o in options if o["correct"])}


class Mcq(_Choice):
    name = "mcq"
    label = Text(en="Choose one.", zh="单选。")
    title = Text(en="mcq", zh="单选题")

    def right(self, q) -> set[str]:
        return {q.answer}

    def input_hint(self, shown: Shown, t) -> str:
        return t(bilingual("format.mcq"))

    def check(self, shown: Shown, raw: str):
        picked = parse_choices(raw, shown.letters)
        if len(picked) != 1:
            raise AnswerError("invalid.one_letter")
        return shown.order[shown.letters.index(picked[0])].key == shown.q.answer, picked


class Multi(_Choice):
    name = "multi"
    label = Text(en="Choose all that apply.", zh="选出所有正确项。")
    title = Text(en="multi", zh="多选题")

    def right(self, q) -> set[str]:
        return set(q.answer)

    def input_hint(self, shown: Shown, t) -> str:
        return t(bilingual("format.multi"))

    def check(self, shown: Shown, raw: str):
        picked = parse_choices(raw, shown.letters)
        keys = {shown.order[shown.letters.index(p)].key for p in picked}
        return keys == set(shown.q.answer), picked
