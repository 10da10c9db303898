"""Fitting FSRS parameters to the user's own review log, with fsrs's own optimizer.

The fit is `fsrs.Optimizer.compute_optimal_parameters` (Adam on the log loss of the recall
that FSRS predicts; it needs `fsrs[optimizer]`: torch, pandas, tqdm). It learns only from a
review at least a day after the card's previous one (earlier ones are learning steps), from
the first 64 reviews of each card, and with fewer than 512 such reviews (one mini-batch) it
returns fsrs's defaults unchanged: `MIN_REVIEWS` is that requirement, and `countable_reviews`
counts the reviews the way the optimizer does. The log loss reported before and after is the
optimizer's objective on the same reviews, computed here with fsrs's public scheduler.

`optimal_retention` is fsrs's `compute_optimal_retention`: it simulates a year of reviews with
the user's ratings and answer times and picks, of 70%, 75%, … 95%, the desired retention that
costs the least time per card remembered (it needs 512 reviews of any kind).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Sequence

import fsrs
from fsrs import Rating

from ..errors import QuizError
from .settings import load_settings, save_parameters, save_retention
from .store import ProgressStore

__all__ = ["MIN_REVIEWS", "Fit", "TYPICAL_CARDS", "review_logs", "countable_reviews", "log_loss",
           "typical_intervals", "optimize", "optimal_retention"]

#: fsrs.optimizer.mini_batch_size: with fewer countable reviews the optimizer returns the
#: defaults (tests pin the two equal; importing fsrs.optimizer here would import torch).
MIN_REVIEWS = 512
_MAX_SEQ_LEN = 64  # fsrs.optimizer.max_seq_len
#: answers of a typical card, one per due date: what `optimize` shows the intervals of
TYPICAL_CARDS = {"right": (Rating.Good,) * 6,
                 "wrong_first": (Rating.Again,) + (Rating.Good,) * 5,
                 "lapse": (Rating.Good,) * 3 + (Rating.Again,) + (Rating.Good,) * 3}
_T0 = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)  # any fixed day: intervals do not depend on it


@dataclass(frozen=True)
class Fit:
    """The outcome of `optimize`: `fitted` is None when there were too few reviews."""

    reviews: int                             # scheduled reviews in the log
    countable: int                           # of which the optimizer learns from
    previous: tuple[float, ...]              # the parameters in use before
    fitted: tuple[float, ...] | None
    loss_before: float | None = None         # log loss of the previous parameters
    loss_after: float | None = None
    #: TYPICAL_CARDS' intervals with the previous and the fitted parameters
    intervals_before: dict[str, list[timedelta]] | None = None
    intervals_after: dict[str, list[timedelta]] | None = None


def review_logs(store: ProgressStore) -> list[fsrs.ReviewLog]:
    """Every review that moved a schedule, as fsrs's `ReviewLog` (a `--cram` drill moves none)."""
    return [fsrs.ReviewLog(r.card_id, Rating(r.rating), r.review_time, r.duration_ms)
            for r in store.reviews() if r.mode != "cram"]


def _histories(logs: Sequence[fsrs.ReviewLog]) -> list[list[fsrs.ReviewLog]]:
    """Each card's first 64 reviews in time order, the cards in id order (the optimizer's view)."""
    cards: dict[int, list[fsrs.ReviewLog]] = {}
    for log in logs:
        cards.setdefault(log.card_id, []).append(log)
    return [sorted(h, key=lambda log: log.review_datetime)[:_MAX_SEQ_LEN] for _, h in sorted(cards.items())]


def countable_reviews(logs: Sequence[fsrs.ReviewLog]) -> int:
    """Reviews a whole day or more after the same card's previous review, in its first 64."""
    return sum((b.review_datetime - a.review_datetime).days > 0
               for h in _histories(logs) for a, b in zip(h, h[1:]))


def log_loss(logs: Sequence[fsrs.ReviewLog], parameters: Sequence[float]) -> float | None:
    """Mean binary cross-entropy of FSRS's predicted recall on the countable reviews, where
    recalled means any rating but Again (the optimizer's objective); None without any."""
    sched = fsrs.Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
    total, n = 0.0, 0
    for history in _histories(logs):
        card = fsrs.Card(card_id=history[0].card_id, due=history[0].review_datetime)
        for log in history:
            if card.last_review and (log.review_datetime - card.last_review).days > 0:
                p = min(max(sched.get_card_retrievability(card, log.review_datetime), 1e-12), 1 - 1e-12)
                total -= math.log(p) if log.rating != Rating.Again else math.log(1 - p)
                n += 1
            card, _ = sched.review_card(card, log.rating, log.review_datetime)
    return total / n if n else None


def typical_intervals(parameters: Sequence[float], *, desired_retention: float) -> dict[str, list[timedelta]]:
    """The intervals a card is given when answered as in `TYPICAL_CARDS`, each answer on its due
    date (without fuzz); the first ones are fsrs's learning steps, minutes long."""
    sched = fsrs.Scheduler(parameters=tuple(parameters), desired_retention=desired_retention,
                           enable_fuzzing=False)
    out = {}
    for name, ratings in TYPICAL_CARDS.items():
        card, when, gaps = fsrs.Card(card_id=1, due=_T0), _T0, []
        for rating in ratings:
            card, _ = sched.review_card(card, rating, when)
            gaps.append(card.due - when)
            when = card.due
        out[name] = gaps
    return out


def optimize(store: ProgressStore, *, now: datetime) -> Fit:
    """Fit FSRS parameters to the store's review log and keep them for every later schedule;
    with fewer than `MIN_REVIEWS` countable reviews, change nothing.

    Raises:
        QuizError: fsrs's optimizer is not installed (`pip install "fsrs[optimizer]"`).
    """
    logs = review_logs(store)
    settings = load_settings(store)
    fit = Fit(len(logs), countable_reviews(logs), settings.parameters, None)
    if fit.countable < MIN_REVIEWS:
        return fit
    fitted = tuple(_optimizer(logs).compute_optimal_parameters())
    save_parameters(store, fitted, reviews=len(logs), when=now)
    retention = settings.desired_retention
    return Fit(fit.reviews, fit.countable, fit.previous, fitted, log_loss(logs, fit.previous),
               log_loss(logs, fitted), typical_intervals(fit.previous, desired_retention=retention),
               typical_intervals(fitted, desired_retention=retention))


def optimal_retention(store: ProgressStore, *, now: datetime) -> tuple[int, float | None]:
    """Set the desired retention to fsrs's optimal one for the store's reviews and the
    parameters in use; returns the number of reviews and that retention (None, and nothing
    changed, with fewer than `MIN_REVIEWS` reviews).

    Raises:
        QuizError: fsrs's optimizer is not installed (`pip install "fsrs[optimizer]"`).
    """
    logs = review_logs(store)
    if len(logs) < MIN_REVIEWS:  # compute_optimal_retention's own minimum (it counts every review)
        return len(logs), None
    retention = float(_optimizer(logs).compute_optimal_retention(load_settings(store).parameters))
    save_retention(store, retention, when=now)
    return len(logs), retention


def _optimizer(logs: Sequence[fsrs.ReviewLog]):
    try:
        from fsrs.optimizer import Optimizer

        return Optimizer(logs)
    except ImportError:
        raise QuizError("fitting the schedule needs fsrs's optimizer: pip install 'fsrs[optimizer]'") from None
