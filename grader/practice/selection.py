"""Which items a practice session asks: due reviews first, then new ones, within limits."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..banks import Bank
from ..progress.store import ProgressStore
from .messages import message

__all__ = ["Filters", "Item", "DailyLimits", "select_items", "all_items"]


@dataclass(frozen=True)
class Filters:
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # question kinds, and "code" for coding tasks
    difficulty: int | None = None

    def match(self, item: "Item") -> bool:
        if self.topics and item.topic not in self.topics:
            return False
        if self.kinds and item.kind not in self.kinds:
            return False
        if self.difficulty is not None and item.difficulty != self.difficulty:
            return False
        if self.tags and not set(self.tags) & set(item.tags):
            return False
        return True


@dataclass(frozen=True)
class DailyLimits:
    """Daily limits, as in Anki: new items introduced and reviews done per day."""

    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True)
class Item:
    id: str
    type: str  # "question" | "task"
    kind: str  # question kind, or "code"
    topic: str
    difficulty: int
    tags: tuple[str, ...]
    obj: Any = field(compare=False)
    due: datetime | None = None  # None: new


def all_items(bank: Bank) -> list[Item]:
    items = [Item(q.id, "question", q.kind, q.topic, q.difficulty, tuple(q.tags), q)
             for q in bank.questions.values()]
    items += [Item(t.id, "task", "code", t.topic, t.difficulty, tuple(t.tags), t) for t in bank.tasks.values()]
    return items


def _day_start(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def select_items(bank: Bank, store: ProgressStore, filters: Filters, *, now: datetime, count: int,
                 limits: DailyLimits, cram: bool, rng: random.Random) -> list[Item]:
    """Due items (earliest first), then new ones (easiest first), up to `count`.

    In cram mode every matching item may come, in random order, ignoring schedules and limits.
    """
    items = [i for i in all_items(bank) if filters.match(i)]
    cards = {c.item_id: c for c in store.cards()}
    if cram:
        rng.shuffle(items)
        return items[:count]
    day = _day_start(now)
    review_room = max(0, limits.reviews_per_day - store.reviews_on(day))
    new_room = max(0, limits.new_per_day - store.new_cards_on(day))
    due = sorted((i for i in items if i.id in cards and cards[i.id].due <= now),
                 key=lambda i: cards[i.id].due)
    due = [Item(**{**i.__dict__, "due": cards[i.id].due}) for i in due][:review_room]
    new = [i for i in items if i.id not in cards]
    rng.shuffle(new)
    new.sort(key=lambda i: i.difficulty)
    return (due + new[:new_room])[:count]


def why_nothing(bank: Bank, store: ProgressStore, filters: Filters, *, now: datetime,
                limits: DailyLimits, lang: str = "en") -> str:
    """Why a session found nothing to ask, and how to go on: which daily cap stopped it (in `lang`)."""
    items = [i for i in all_items(bank) if filters.match(i)]
    if not items:
        return message("empty.no_match", lang)
    cards = {c.item_id: c for c in store.cards()}
    day = _day_start(now)
    unseen = sum(1 for i in items if i.id not in cards)
    due = sum(1 for i in items if i.id in cards and cards[i.id].due <= now)
    parts = []
    if unseen and store.new_cards_on(day) >= limits.new_per_day:
        parts.append(message("empty.new_cap", lang, limit=limits.new_per_day, unseen=unseen,
                             more=max(2 * limits.new_per_day, limits.new_per_day + 10)))
    if due and store.reviews_on(day) >= limits.reviews_per_day:
        parts.append(message("empty.review_cap", lang, limit=limits.reviews_per_day, due=due,
                             more=max(2 * limits.reviews_per_day, limits.reviews_per_day + 10)))
    if parts:
        return message("empty.capped", lang, reasons=message("empty.reason_sep", lang).join(parts))
    _, _, later = next_due(bank, store, filters, now)
    when = message("empty.next_review", lang, when=f"{later:%Y-%m-%d %H:%M}") if later else ""
    return message("empty.all_seen", lang, next_review=when)


def next_due(bank: Bank, store: ProgressStore, filters: Filters, now: datetime) -> tuple[int, int, datetime | None]:
    """(due now, due within a week, the next due time after now) among matching items."""
    ids = {i.id for i in all_items(bank) if filters.match(i)}
    dues = [c.due for c in store.cards() if c.item_id in ids]
    week = now + timedelta(days=7)
    later = [d for d in dues if d > now]
    return (sum(d <= now for d in dues), sum(d <= week for d in dues), min(later) if later else None)
