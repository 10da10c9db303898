"""What every question kind provides: `Kind`, and `Shown`, one question as it was put."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable

from ..banks.schema import Text

__all__ = ["Kind", "Shown", "LETTERS"]

LETTERS = "abcdef"

#: how a kind reads a bilingual text in the session's language
Translate = Callable[[Any], str]


@dataclass
class Shown:
    """One question as it was put: drawn parameters, the computed answer, the options'
    order. The session and the documents build one per question; the kind reads it back."""

    q: Any
    #: placeholder values for the prompt, hints and explanation (a numeric question's
    #: parameters, `answer` and the extras its answer function returns)
    values: dict[str, Any] = field(default_factory=dict)
    #: a numeric question's computed answer
    expected: float | None = None
    #: the options in the order shown, and their letters
    order: list = field(default_factory=list)

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.order)]


class Kind:
    """A question kind: how it is put, read, checked and explained, in the terminal and in
    printed sheets (its template partials `templates/kinds/<name>.{html,md}.j2`)."""

    name: str = ""
    #: the instruction printed above a question of this kind on a sheet
    label: Text
    #: the kind's name in a practice session's question header (English: the kind's id)
    title: Text
    #: whether the person rates their own answer (nothing to check it against)
    self_rated: bool = False
    #: answered at a glance (a choice, true or false)
    quick: bool = False
    #: where a study guide shows questions of this kind: "selection" (check yourself),
    #: "worked" (worked examples), "short" (key questions with model answers), "bugs"
    guide_section: str = "selection"

    # ---------------------------------------------------------------- putting it
    def show(self, q: Any, rng: random.Random) -> Shown:
        """Draw what varies between attempts (parameters, the options' order)."""
        order = list(getattr(q, "options", None) or [])
        rng.shuffle(order)
        return Shown(q, order=order)

    def lines(self, shown: Shown, t: Translate) -> list[str]:
        """Lines shown under the prompt in the terminal (options, numbered code)."""
        return []

    def input_hint(self, shown: Shown, t: Translate) -> str:
        """What to type, in a few words."""
        raise NotImplementedError

    # ---------------------------------------------------------------- reading it
    def check(self, shown: Shown, raw: str) -> tuple[bool | None, Any]:
        """(right or not, None when self-rated; what the answer was understood as); raises
        ValueError with a message when the input cannot be read."""
        raise NotImplementedError

    def expected_text(self, shown: Shown, t: Translate) -> str:
        """The right answer, as the person would have typed it."""
        raise NotImplementedError

    def feedback(self, shown: Shown, correct: bool | None, understood: Any, t: Translate
                 ) -> list[tuple[str, str, str]]:
        """What to show after an answer beyond right/wrong: (form, text, style) with form
        "say" (a line) or "markdown"."""
        return []

    def event_fields(self, understood: Any) -> dict[str, Any]:
        """Extra fields of the `--json` result event for this kind's answer (none by default)."""
        return {}

    # ---------------------------------------------------------------- printing it
    def view(self, shown: Shown, lang: str) -> dict[str, Any]:
        """Fields of this kind for the sheet and answer-key templates (`answer` at least)."""
        raise NotImplementedError
