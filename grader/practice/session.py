"""A practice session: ask, check, explain, schedule — in a terminal, in plain text, or as JSON.

The session logic is written once against a small `Console`-like interface (`Io`): the
interactive terminal uses rich, a pipe gets plain text and reads answers line by line, and
`--json` prints one JSON object per event (question, result, summary).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..banks import Bank
from ..banks.numeric import fill
from ..progress.schedule import Rating, Scheduler, rating_for, record_answer
from ..progress.store import ProgressStore
from ..kinds import kind_of
from .answers import parse_rating
from .mathtext import render_math, render_text
from .selection import Filters, Item, DailyLimits, next_due, select_items, why_nothing

__all__ = ["PracticeSession", "Summary", "PlainIo", "RichIo", "JsonIo"]



class Quit(Exception):
    """The user asked to end the session (q, Ctrl-C or end of input)."""


# ------------------------------------------------------------------------------ io
class PlainIo:
    """Plain text out, one answer per input line (for pipes and scripts)."""

    json = False

    def __init__(self, out=None, inp=None) -> None:
        self.out, self.inp = out or sys.stdout, inp or sys.stdin

    def say(self, text: str = "", style: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def markdown(self, text: str) -> None:
        self.say(render_text(text).rstrip())  # code blocks as code, not as ``` fences

    def ask(self, prompt: str) -> str:
        self.out.write(prompt + " ")
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
            raise Quit
        return line.rstrip("\n")

    def event(self, obj: dict) -> None:
        pass


class RichIo(PlainIo):
    """The interactive terminal: colours, Markdown, code blocks."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False)

    def say(self, text: str = "", style: str = "") -> None:
        from rich.markup import escape

        self.console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))

    def markdown(self, text: str) -> None:
        from rich.markdown import Markdown

        self.console.print(Markdown(text))

    def ask(self, prompt: str) -> str:
        try:
            return self.console.input(f"[bold cyan]{prompt}[/] ")
        except (EOFError, KeyboardInterrupt):
            self.console.print()
            raise Quit from None


class JsonIo(PlainIo):
    """One JSON object per line for each event; answers read line by line."""

    json = True

    def say(self, text: str = "", style: str = "") -> None:
        pass

    def markdown(self, text: str) -> None:
        pass

    def ask(self, prompt: str) -> str:
        line = self.inp.readline()
        if not line:
            raise Quit
        return line.rstrip("\n")

    def event(self, obj: dict) -> None:
        self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.out.flush()


# ------------------------------------------------------------------------------ session
@dataclass
class Summary:
    answered: int = 0
    correct: int = 0
    skipped: int = 0
    by_topic: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    quit_early: bool = False


class PracticeSession:
    def __init__(self, bank: Bank, store: ProgressStore, scheduler: Scheduler, filters: Filters, *,
                 count: int = 10, limits: DailyLimits = DailyLimits(), cram: bool = False, lang: str = "en",
                 rng: random.Random | None = None, io: PlainIo | None = None,
                 starter_dir: Path = Path(".")) -> None:
        self.bank, self.store, self.sched, self.filters = bank, store, scheduler, filters
        self.count, self.limits, self.cram, self.lang = count, limits, cram, lang
        self.rng = rng or random.Random()
        self.io = io or PlainIo()
        self.starter_dir = starter_dir
        self.summary = Summary()

    def t(self, text_obj: Any) -> str:
        return getattr(text_obj, self.lang)

    def run(self) -> Summary:
        now = self.sched.now()
        items = select_items(self.bank, self.store, self.filters, now=now, count=self.count,
                             limits=self.limits, cram=self.cram, rng=self.rng)
        session_id = self.store.start_session(now, {"filters": self.filters.__dict__, "cram": self.cram,
                                                    "lang": self.lang})
        self.session_id = session_id
        if not items:
            self.io.say("No items match these filters." if self.cram else
                        why_nothing(self.bank, self.store, self.filters, now=now, limits=self.limits))
        try:
            for n, item in enumerate(items, 1):
                self._ask(item, n, len(items))
        except Quit:
            self.summary.quit_early = True
        finally:
            self.store.end_session(session_id, self.sched.now())
        self._print_summary()
        return self.summary

    # -------------------------------------------------------------- one item
    def _ask(self, item: Item, n: int, total: int) -> None:
        q = item.obj
        state = "cram" if self.cram else ("review" if item.due else "new")
        self.io.say()
        self.io.say(f"[{n}/{total}] {item.topic} · {item.kind} · difficulty {item.difficulty} · {state}",
                    "bold")
        if item.type == "task":
            return self._offer_task(item)
        kind = kind_of(q)
        shown = kind.show(q, self.rng)  # parameters drawn, options shuffled, for every attempt
        values = shown.values
        prompt = render_math(fill(self.t(q.prompt), values))
        self.io.markdown(prompt)
        for line in kind.lines(shown, self.t):
            self.io.say(line)
        hint = kind.input_hint(shown, self.t)
        self.io.event({"event": "question", "index": n, "total": total, "id": q.id, "kind": q.kind,
                       "topic": q.topic, "prompt": prompt, "params": {k: v for k, v in values.items()
                                                                    if k in getattr(q, "params", {})},
                       "options": [{"letter": l, "text": render_math(self.t(o.text))}
                                   for l, o in zip(shown.letters, shown.order)],
                       "code": getattr(q, "code", None), "format": hint})
        keys = "h hint, s skip, q quit" if q.hints else "s skip, q quit"  # h only where there is one
        self.io.say(f"({hint}; {keys})", "dim")
        hinted, hints_shown, t0 = False, 0, time.monotonic()
        while True:
            raw = self.io.ask(">")
            cmd = raw.strip().lower()
            if cmd == "q":
                raise Quit
            if cmd == "s":
                self.summary.skipped += 1
                self.io.say("Skipped.", "dim")
                self.io.event({"event": "result", "id": q.id, "skipped": True})
                return
            if cmd == "h":
                if hints_shown < len(q.hints):
                    self.io.markdown(render_math(fill(self.t(q.hints[hints_shown]), values)))
                    hints_shown += 1
                    hinted = True
                else:
                    self.io.say("No more hints for this question.", "dim")
                continue
            try:
                correct, understood = kind.check(shown, raw)
                break
            except ValueError as exc:
                self.io.say(str(exc), "yellow")
        duration = int((time.monotonic() - t0) * 1000)
        self._feedback(kind, shown, correct, understood)
        if correct is None:  # self-rated kinds (short answers): the user rates themselves
            while True:
                try:
                    rating = Rating(parse_rating(self.io.ask("How did you do? 1 again, 2 hard, 3 good, 4 easy:")))
                    break
                except ValueError as exc:
                    self.io.say(str(exc), "yellow")
        else:
            rating = rating_for(correct, hinted=hinted)
        self._record(item, rating, duration, correct, raw)
        ok = correct if correct is not None else rating >= Rating.Good
        self.summary.answered += 1
        self.summary.correct += int(bool(ok))
        stats = self.summary.by_topic[item.topic]
        stats[0] += 1
        stats[1] += int(bool(ok))
        self.io.event({"event": "result", "id": q.id, "correct": correct, "rating": int(rating),
                       "rating_name": rating.name.lower(), "hinted": hinted, "answer": raw,
                       "expected": kind.expected_text(shown, self.t)})

    def _feedback(self, kind, shown, correct, understood) -> None:
        io = self.io
        if correct is True:
            io.say("✔ Right.", "bold green")
        elif correct is False:
            io.say(f"✘ Not quite. The answer is {kind.expected_text(shown, self.t)}.", "bold red")
        for form, text, style in kind.feedback(shown, correct, understood, self.t):
            if form == "markdown":
                io.markdown(text)
            else:
                io.say(text, style)
        io.markdown(render_math(fill(self.t(shown.q.explanation), shown.values)))

    def _record(self, item: Item, rating: Rating, duration: int, correct, raw: str) -> None:
        record_answer(self.store, self.sched, item_id=item.id, item_type=item.type, topic=item.topic,
                      rating=rating, correct=correct, mode="cram" if self.cram else None,
                      duration_ms=duration, answer=raw, session_id=self.session_id)

    def _offer_task(self, item: Item) -> None:
        from .starter import write_starter

        task = item.obj
        self.io.markdown(f"**{self.t(task.title)}**\n\n" + render_math(self.t(task.prompt)))
        self.io.event({"event": "question", "id": task.id, "kind": "code", "topic": task.topic,
                       "prompt": self.t(task.prompt)})
        path = self.starter_dir / f"{task.id}.py"
        raw = self.io.ask(f"Write a starter file {path}? [y/N/q]").strip().lower()
        if raw == "q":
            raise Quit
        if raw in ("y", "yes", "是"):
            if path.exists():
                self.io.say(f"{path} exists already; grade it with: quiz grade {path}", "yellow")
            else:
                write_starter(task, path, lang=self.lang)
                self.io.say(f"Wrote {path}. When it is done: quiz grade {path} — that counts as this "
                            "task's attempt.", "green")
        self.summary.skipped += 1
        self.io.event({"event": "result", "id": task.id, "kind": "code", "starter": raw in ("y", "yes", "是")})

    # -------------------------------------------------------------- summary
    def _print_summary(self) -> None:
        s, io = self.summary, self.io
        now = self.sched.now()
        due_now, due_week, nxt = next_due(self.bank, self.store, self.filters, now)
        io.say()
        io.say(f"Session {'ended early' if s.quit_early else 'done'}: {s.correct}/{s.answered} right"
               + (f", {s.skipped} skipped" if s.skipped else "") + ".", "bold")
        for topic, (n, ok) in sorted(s.by_topic.items()):
            io.say(f"  {topic:24} {ok}/{n}")
        when = nxt.astimezone().strftime("%Y-%m-%d %H:%M") if nxt else "—"
        io.say(f"Due now: {due_now}; due within 7 days: {due_week}; next review: {when}.")
        io.event({"event": "summary", "answered": s.answered, "correct": s.correct, "skipped": s.skipped,
                  "quit_early": s.quit_early, "by_topic": {k: {"answered": v[0], "correct": v[1]}
                                                           for k, v in s.by_topic.items()},
                  "due_now": due_now, "due_week": due_week,
                  "next_due": nxt.isoformat() if nxt else None})
