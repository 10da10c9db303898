"""Question kinds, one module each.

A kind owns everything that differs between kinds: how a question is put in the terminal
(`show`, `lines`, `input_hint`), how a typed answer is read and checked (`check`), what
the right answer reads as (`expected_text`, `feedback`), and how it is printed on sheets
and answer keys (`view`, and its template partials `templates/kinds/<name>.{html,md}.j2`).
The bank's data model of each kind lives in `grader/banks/questions.py`; `KINDS` covers
exactly the kinds that model defines (`QUESTION_KINDS`).
"""

from __future__ import annotations

from ..banks.kind_names import QUESTION_KINDS
from .base import Kind, Shown
from .choice import Mcq, Multi
from .numeric import Numeric
from .short import Short
from .spot_the_bug import SpotTheBug
from .true_false import TrueFalse

__all__ = ["KINDS", "Kind", "Shown", "kind_of"]

KINDS: dict[str, Kind] = {k.name: k for k in (Mcq(), Multi(), TrueFalse(), Numeric(), Short(),
                                              SpotTheBug())}
assert tuple(KINDS) == QUESTION_KINDS, "one Kind per question kind of the bank's data model"


def kind_of(q) -> Kind:
    return KINDS[q.kind]
