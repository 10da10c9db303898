"""FSRS scheduling (the `fsrs` package) with an injectable clock, and answer → rating.

Auto-graded outcomes map to ratings: wrong → Again, right after a hint → Hard, right → Good.
Self-rated answers (short answers) take the user's own rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Sequence

import fsrs
from fsrs import Rating
from fsrs.scheduler import DEFAULT_PARAMETERS

__all__ = ["Rating", "Scheduler", "Review", "rating_for", "record_answer", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def rating_for(correct: bool, *, hinted: bool) -> Rating:
    if not correct:
        return Rating.Again
    return Rating.Hard if hinted else Rating.Good


@dataclass(frozen=True)
class Review:
    """The outcome of scheduling one answer: the card's new state as JSON and its due time."""

    fsrs_json: str
    due: datetime
    state_before: int


class Scheduler:
    """Wraps `fsrs.Scheduler`; `clock` is injected so that tests control time.

    `parameters` are FSRS's 21 model weights: None for fsrs's defaults, else the user's own
    (fitted by `quiz stats --optimize`; `settings.scheduler_for` builds the user's scheduler).
    """

    def __init__(self, *, clock: Callable[[], datetime] = utcnow, desired_retention: float = 0.9,
                 fuzz: bool = True, parameters: Sequence[float] | None = None) -> None:
        self.clock = clock
        self._fsrs = fsrs.Scheduler(parameters=DEFAULT_PARAMETERS if parameters is None
                                    else tuple(parameters), desired_retention=desired_retention,
                                    enable_fuzzing=fuzz)

    @property
    def parameters(self) -> tuple[float, ...]:
        return tuple(self._fsrs.parameters)

    @property
    def desired_retention(self) -> float:
        return float(self._fsrs.desired_retention)

    def now(self) -> datetime:
        return self.clock().astimezone(timezone.utc)

    def review(self, fsrs_json: str | None, rating: Rating, *, duration_ms: int | None = None,
               when: datetime | None = None) -> Review:
        card = fsrs.Card.from_json(fsrs_json) if fsrs_json and fsrs_json != "{}" else fsrs.Card(card_id=0)
        state_before = int(card.state)
        card, _ = self._fsrs.review_card(card, rating, review_datetime=when or self.now(),
                                         review_duration=duration_ms)
        return Review(card.to_json(), card.due, state_before)

    def retrievability(self, fsrs_json: str, when: datetime | None = None) -> float:
        card = fsrs.Card.from_json(fsrs_json)
        return float(self._fsrs.get_card_retrievability(card, current_datetime=when or self.now()))


def record_answer(store, sched: Scheduler, *, item_id: str, item_type: str, topic: str, rating: Rating,
                  correct: bool | None, mode: str | None = None, duration_ms: int = 0, answer: str = "",
                  session_id: int | None = None) -> None:
    """Schedule one answer with FSRS and write it, with the card's new state, in one transaction.

    `mode` defaults to "new" or "review" by whether the card exists; "cram" records the answer
    without touching the schedule.
    """
    now = sched.now()
    if mode == "cram":
        store.record_review(item_id=item_id, item_type=item_type, topic=topic, fsrs_json=None, due=None,
                            when=now, rating=int(rating), state=0, duration_ms=duration_ms, correct=correct,
                            mode="cram", answer=answer, session_id=session_id)
        return
    card = store.card(item_id)
    review = sched.review(card.fsrs if card else None, rating, duration_ms=duration_ms, when=now)
    store.record_review(item_id=item_id, item_type=item_type, topic=topic, fsrs_json=review.fsrs_json,
                        due=review.due, when=now, rating=int(rating), state=review.state_before,
                        duration_ms=duration_ms, correct=correct,
                        mode=mode or ("review" if card else "new"), answer=answer, session_id=session_id)
