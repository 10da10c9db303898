"""A snippet with one wrong line: which line, and what it should read.

Where the question carries a `check`, a fix typed after the right line number is run in the
sandbox (`practice.bugrun`): the answer is right when the corrected snippet passes the
check, wrong when it fails (the line alone is not enough once a fix was typed). Words
instead of code, or a sandbox that cannot start, leave the line number to decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..banks.schema import Text
from ..practice.answers import parse_bug_answer
from ..practice.mathtext import render_math
from ..practice.messages import bilingual
from .base import Kind, Shown

__all__ = ["SpotTheBug", "BugVerdict"]


@dataclass(frozen=True)
class BugVerdict:
    """What an answer meant: the line named, the fix typed ("" if none), and what running
    the fix showed (None when it was not run)."""

    line: int
    fix: str
    run: object | None = None


class SpotTheBug(Kind):
    name = "spot_the_bug"
    label = Text(en="Which line is wrong, and what should it be?", zh="哪一行有错？应该怎么改？")
    title = Text(en="spot_the_bug", zh="找错题")
    guide_section = "bugs"

    def lines(self, shown: Shown, t) -> list[str]:
        if shown.q.check is not None:  # the terminal shows the snippet: start the sandbox now
            from ..practice.bugrun import prewarm

            prewarm(shown.q)
        return [f"  {i:>2} | {line}" for i, line in enumerate(_code_lines(shown.q), 1)]

    def input_hint(self, shown: Shown, t) -> str:
        return t(bilingual("format.spot_the_bug"))

    def check(self, shown: Shown, raw: str):
        q = shown.q
        line, fix = parse_bug_answer(raw)
        run = None
        if line == q.answer.line and fix and q.check is not None:
            from ..practice.bugrun import run_fix

            run = run_fix(q, fix)
        correct = line == q.answer.line and (run is None or run.works is not False)
        return correct, BugVerdict(line, fix, run)

    def expected_text(self, shown: Shown, t) -> str:
        a = shown.q.answer
        return t(bilingual("answer.bug_line", line=a.line, fixed=a.fixed_line.strip()))

    def event_fields(self, understood) -> dict:
        """Whether a typed fix ran and what it showed: {"fix": {"ran", "works", "detail"}}."""
        run = getattr(understood, "run", None)
        if run is None:
            return {}
        return {"fix": {"ran": run.works is not None, "works": run.works, "detail": run.detail}}

    def feedback(self, shown: Shown, correct, understood, t):
        a = shown.q.answer
        return [*_fix_feedback(shown.q, understood, t),
                ("say", t(bilingual("feedback.bug_fix", line=a.line, fixed=a.fixed_line.strip())), "green"),
                ("markdown", render_math(t(a.fix)), "")]

    def view(self, shown: Shown, lang: str) -> dict:
        a = shown.q.answer
        return {"code_lines": _code_lines(shown.q), "answer": str(a.line), "fixed_line": a.fixed_line,
                "fix": getattr(a.fix, lang)}


def _fix_feedback(q, understood, t) -> list[tuple[str, str, str]]:
    """What running the typed fix showed; a nudge to type one where it would be run."""
    if not isinstance(understood, BugVerdict) or q.check is None or understood.line != q.answer.line:
        return []
    run = understood.run
    if run is None:
        return [("say", t(bilingual("bugfix.nudge", line=q.answer.line)), "dim")]
    if run.works is True:
        return [("say", t(bilingual("bugfix.works")), "bold green")]
    if run.works is False:
        return [("say", t(bilingual("bugfix.fails", why=run.detail)), "red"),
                ("say", t(bilingual("bugfix.right_line", line=q.answer.line)), "red")]
    return [("say", t(bilingual("bugfix.not_code" if run.not_code else "bugfix.not_run", why=run.detail)),
             "yellow")]


def _code_lines(q) -> list[str]:
    return q.code.rstrip("\n").split("\n")
