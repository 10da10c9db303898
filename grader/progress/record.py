"""Recording a `quiz grade` in the user's progress: an attempt per task and a review of its card."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import QuizError
from .store import ProgressStore

__all__ = ["record_grade"]


def record_grade(result, home: Path | None, *, warn: Callable[[str], None] = lambda _: None) -> str | None:
    """Record every graded task of `quiz grade` as an attempt and a review of its card.

    Returns:
        None when recorded; else a note for the report that says the attempt was not
        recorded and why (the grade itself stands: progress keeping never spoils it).
        Where a damaged database was moved aside, `warn` is told.
    """
    from ..banks import load_bank
    from .schedule import Rating, record_answer
    from .settings import scheduler_for

    try:
        bank = load_bank()
        with ProgressStore(home) as store:
            if store.recovery_note:
                warn(store.recovery_note)
            sched = scheduler_for(store)
            now = sched.now()
            for t in result.tasks:
                store.record_attempt(task_id=t.id, when=now, passed=t.passed, score=t.score,
                                     seed=result.seed, file=result.file)
                record_answer(store, sched, item_id=t.id, item_type="task", topic=bank.tasks[t.id].topic,
                              rating=Rating.Good if t.passed else Rating.Again, correct=t.passed,
                              mode="grade")
    except QuizError as exc:  # in use by another process, unreadable folder, newer schema
        return f"this attempt was not recorded in your progress: {exc.message}"
    except Exception as exc:  # never let progress keeping spoil a grade
        return f"this attempt was not recorded in your progress: {type(exc).__name__}: {exc}"
    return None
