"""Question kinds live in one registry (issue 9, scope 4): each kind owns how it is put,
read, checked and printed; nothing else branches on a question's kind."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_one_kind_per_question_kind_of_the_data_model():
    from grader.banks.kind_names import QUESTION_KINDS
    from grader.banks.questions import ConceptQuestion  # noqa: F401  (asserts its models match)
    from grader.kinds import KINDS

    assert tuple(KINDS) == QUESTION_KINDS


@pytest.mark.parametrize("kind", ["mcq", "multi", "true_false", "numeric", "short", "spot_the_bug"])
def test_every_kind_has_its_template_partials(kind):
    for fmt in ("html", "md"):
        assert (ROOT / "templates" / "kinds" / f"{kind}.{fmt}.j2").is_file()


def test_nothing_outside_the_kinds_branches_on_a_question_kind():
    """The session, the documents and the templates ask the kind; they do not test it."""
    pattern = re.compile(r"kind[\"'\]]*\s*(==|!=|in)\s*[\(\[\"']|labels\[q\.kind\]")
    files = [ROOT / "grader" / "practice" / "session.py", ROOT / "grader" / "render" / "documents.py",
             *sorted((ROOT / "templates").glob("*.j2"))]
    offenders = [f"{p.name}:{i}" for p in files
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert not offenders, offenders


def test_no_hand_written_list_of_kinds_remains():
    literal = re.compile(r"[\"']true_false[\"']")
    # the one list, the data model's tags, and the kinds themselves
    allowed = {ROOT / "grader" / "banks" / "kind_names.py", ROOT / "grader" / "banks" / "questions.py"}
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "grader").rglob("*.py")
                 if p not in allowed and p.parent.name != "kinds"
                 and literal.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def _sample(kind_name):
    from grader.banks import load_bank

    return next(q for q in load_bank().questions.values() if q.kind == kind_name)


@pytest.mark.parametrize("kind_name", ["mcq", "multi", "true_false", "numeric", "short", "spot_the_bug"])
def test_a_kind_reads_back_its_own_expected_answer(kind_name):
    """Typing what `expected_text` says is right (self-rated kinds have no verdict)."""
    from grader.kinds import kind_of

    q = _sample(kind_name)
    kind = kind_of(q)
    shown = kind.show(q, random.Random(3))
    typed = kind.expected_text(shown, lambda t: t.en)
    if kind_name == "spot_the_bug":
        typed = typed.replace("line ", "", 1)
    correct, _ = kind.check(shown, typed)
    assert correct is (None if kind.self_rated else True), (kind_name, typed)
    assert kind.view(shown, "zh")["answer"]
