"""Multiple choice: one right option (`mcq`) or every right option (`multi`)."""

from __future__ import annotations

from ..banks.schema import Text
from ..practice.answers import parse_choices
from ..practice.mathtext import render_math
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
            if opt.key in chosen - right:
                out.append(("say", f"  {letter}) you chose this: {render_math(t(opt.why))}", "red"))
            elif opt.key in right - chosen:
                missed = "you missed this: " if self.name == "multi" else ""
                out.append(("say", f"  {letter}) {missed}{render_math(t(opt.why))}", "green"))
        return out

    def view(self, shown: Shown, lang: str) -> dict:
        right = self.right(shown.q)
        options = [{"letter": letter, "text": getattr(o.text, lang), "why": getattr(o.why, lang),
                    "correct": o.key in right} for letter, o in zip(shown.letters, shown.order)]
        return {"options": options, "answer": ", ".join(o["letter"] for o in options if o["correct"])}


class Mcq(_Choice):
    name = "mcq"
    label = Text(en="Choose one.", zh="单选。")

    def right(self, q) -> set[str]:
        return {q.answer}

    def input_hint(self, shown: Shown, t) -> str:
        return "one letter"

    def check(self, shown: Shown, raw: str):
        picked = parse_choices(raw, shown.letters)
        if len(picked) != 1:
            raise ValueError("choose exactly one letter")
        return shown.order[shown.letters.index(picked[0])].key == shown.q.answer, picked


class Multi(_Choice):
    name = "multi"
    label = Text(en="Choose all that apply.", zh="选出所有正确项。")

    def right(self, q) -> set[str]:
        return set(q.answer)

    def input_hint(self, shown: Shown, t) -> str:
        return "letters, e.g. a,c"

    def check(self, shown: Shown, raw: str):
        picked = parse_choices(raw, shown.letters)
        keys = {shown.order[shown.letters.index(p)].key for p in picked}
        return keys == set(shown.q.answer), picked
