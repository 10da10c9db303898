"""`quiz stats`: per-topic progress, weakest questions, coding tasks, streak, orphans."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from ..banks import Bank
from .store import ProgressStore

__all__ = ["progress_report", "orphan_report"]


def progress_report(bank: Bank, store: ProgressStore, *, topics: tuple[str, ...] = (), now: datetime,
                    streak: bool = False) -> dict[str, Any]:
    """Answered (distinct items), accuracy (auto-graded answers right), retention (share of
    scheduled reviews not rated Again, Anki's "true retention"), due now and within 7 days."""
    reviews = store.reviews()
    cards = store.cards()
    known = set(bank.questions) | set(bank.tasks)
    per: dict[str, dict[str, Any]] = defaultdict(lambda: {"items": set(), "graded": 0, "right": 0,
                                                          "reviews": 0, "recalled": 0})
    per_item: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in reviews:
        if r.item_id not in known or (topics and r.topic not in topics):
            continue
        if r.mode == "grade":  # iterating `quiz grade` to a pass is the loop, not wrong answers:
            continue           # coding tasks are counted by their attempts below
        p = per[r.topic]
        p["items"].add(r.item_id)
        if r.correct is not None:
            p["graded"] += 1
            p["right"] += r.correct
        if r.mode == "review":
            p["reviews"] += 1
            p["recalled"] += r.rating > 1
        per_item[r.item_id][0] += 1
        per_item[r.item_id][1] += r.rating == 1
    week = now + timedelta(days=7)
    due = defaultdict(lambda: [0, 0])
    for c in cards:
        if c.item_id in known and (not topics or c.topic in topics):
            due[c.topic][0] += c.due <= now
            due[c.topic][1] += c.due <= week
    out_topics = {}
    for topic in sorted(set(per) | set(due)):
        p = per[topic]
        out_topics[topic] = {
            "answered": len(p["items"]),
            "accuracy": p["right"] / p["graded"] if p["graded"] else None,
            "retention": p["recalled"] / p["reviews"] if p["reviews"] else None,
            "due_now": due[topic][0], "due_week": due[topic][1]}
    weakest = sorted(((i, n, w) for i, (n, w) in per_item.items() if w), key=lambda x: (-x[2] / x[1], -x[1]))
    attempts: dict[str, list[bool]] = defaultdict(list)
    for t, _, ok, _ in store.attempts():
        if t in bank.tasks and (not topics or bank.tasks[t].topic in topics):
            attempts[t].append(bool(ok))
    passed = sorted(t for t, oks in attempts.items() if any(oks))
    # attempts until the first pass (or all of them, for a task not solved yet)
    to_solve = {t: (oks.index(True) + 1 if any(oks) else len(oks)) for t, oks in attempts.items()}
    report = {"topics": out_topics,
              "weakest": [{"id": i, "reviews": n, "wrong": w} for i, n, w in weakest[:5]],
              "tasks_passed": passed,
              "tasks": {t: {"solved": any(oks), "attempts": len(oks), "attempts_to_solve":
                            to_solve[t] if any(oks) else None} for t, oks in sorted(attempts.items())},
              "tasks_total": sum(1 for t in bank.tasks.values() if not topics or t.topic in topics)}
    if streak:
        days = {r.review_time.astimezone().date() for r in reviews}
        day, n = now.astimezone().date(), 0
        if day not in days:
            day -= timedelta(days=1)  # today not practised yet: the streak is still alive
        while day in days:
            n += 1
            day -= timedelta(days=1)
        report["streak"] = n
    return report


def orphan_report(bank: Bank, store: ProgressStore, *, prune: bool) -> list[dict[str, Any]]:
    known = set(bank.questions) | set(bank.tasks)
    orphans = store.orphans(known)
    counts = defaultdict(int)
    for r in store.reviews():
        counts[r.item_id] += 1
    rows = [{"id": c.item_id, "topic": c.topic, "reviews": counts[c.item_id]} for c in orphans]
    if prune:
        store.prune([c.item_id for c in orphans])
    return rows
