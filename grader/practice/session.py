"""A practice session: ask, check, explain, schedule — in a terminal, in plain text, or as JSON.

The session logic is written once against a small `Console`-like interface (`Io`): the
interactive terminal uses rich, a pipe gets plain text and reads answers line by line, and
`--json` prints one JSON object per event (question, result, summary). What the session
says comes from the catalogue in `messages` in the session's language; the JSON events keep
their English format hints and expected answers whatever the language (a machine reads them).
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
from .messages import Bilingual, message
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
    """The interactive terminal: colours, Markdown, code blocks; Chinese wraps between
    characters, and an option's or a verdict's continuation lines hang under its text."""

    def __init__(self, console=None) -> None:
        from rich.console import Console

        self.console = console or Console(highlight=False)

    def say(self, text: str = "", style: str = "") -> None:
        from rich.text import Text

        from .wrapping import Wrapped, hanging, split_label

        label, body = split_label(text)
        body_text = Wrapped(body, style=style)
        self.console.print(hanging(Text(label, style=style), body_text) if label else body_text)

    def markdown(self, text: str) -> None:
        from .wrapping import Markdown

        self.console.print(Markdown(text))

    def ask(self, prompt: str) -> str:
        from rich.markup import escape

        try:
            return self.console.input(f"[bold cyan]{escape(prompt)}[/] ")
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
        """A bank's text or a catalogue message, in the session's language."""
        return getattr(text_obj, self.lang)

    def t_event(self, text_obj: Any) -> str:
        """For JSON events: a bank's text in the session's language, a message in English."""
        return text_obj.en if isinstance(text_obj, Bilingual) else getattr(text_obj, self.lang)

    def m(self, msg_id: str, **fields: Any) -> str:
        """A catalogue message in the session's language."""
        return message(msg_id, self.lang, **fields)

    def run(self) -> Summary:
        now = self.sched.now()
        items = select_items(self.bank, self.store, self.filters, now=now, count=self.count,
                             limits=self.limits, cram=self.cram, rng=self.rng)
        session_id = self.store.start_session(now, {"filters": self.filters.__dict__, "cram": self.cram,
                                                    "lang": self.lang})
        self.session_id = session_id
        if not items:
            self.io.say(self.m("empty.no_match") if self.cram else
                        why_nothing(self.bank, self.store, self.filters, now=now, limits=self.limits,
                                    lang=self.lang))
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
        kind = kind_of(q) if item.type == "question" else None
        self.io.say(self.m("question.header", n=n, total=total, topic=item.topic,
                           kind=self.t(kind.title) if kind else self.m("kind.code"),
                           difficulty=item.difficulty, state=self.m(f"state.{state}")), "bold")
        if kind is None:
            return self._offer_task(item)
        shown = kind.show(q, self.rng)  # parameters drawn, options shuffled, for every attempt
        values = shown.values
        prompt = render_math(fill(self.t(q.prompt), values))
        self.io.markdown(prompt)
        if getattr(q, "figure", None) is not None and not self.io.json:  # a text plot under the prompt
            from ..render.figures import question_text

            width = min(72, getattr(getattr(self.io, "console", None), "width", 72))
            self.io.say()
            for line in question_text(q.figure.plot, q.figure.params, width=width).split("\n"):
                self.io.say(line)
        for line in kind.lines(shown, self.t):
            self.io.say(line)
        hint = kind.input_hint(shown, self.t)
        self.io.event({"event": "question", "index": n, "total": total, "id": q.id, "kind": q.kind,
                       "topic": q.topic, "prompt": prompt, "params": {k: v for k, v in values.items()
                                                                    if k in getattr(q, "params", {})},
                       "options": [{"letter": l, "text": render_math(self.t(o.text))}
                                   for l, o in zip(shown.letters, shown.order)],
                       "code": getattr(q, "code", None), "format": kind.input_hint(shown, self.t_event)})
        keys = self.m("keys.with_hint" if q.hints else "keys.without_hint")  # h only where there is one
        self.io.say(self.m("question.format", hint=hint, keys=keys), "dim")
        hinted, hints_shown, t0 = False, 0, time.monotonic()
        while True:
            raw = self.io.ask(">")
            cmd = raw.strip().lower()
            if cmd == "q":
                raise Quit
            if cmd == "s":
                self.summary.skipped += 1
                self.io.say(self.m("question.skipped"), "dim")
                self.io.event({"event": "result", "id": q.id, "skipped": True})
                return
            if cmd == "h":
                if hints_shown < len(q.hints):
                    self.io.markdown(render_math(fill(self.t(q.hints[hints_shown]), values)))
                    hints_shown += 1
                    hinted = True
                else:
                    self.io.say(self.m("question.no_more_hints"), "dim")
                continue
            try:
                correct, understood = kind.check(shown, raw)
                break
            except ValueError as exc:
                self.io.say(self._reason(exc), "yellow")
        duration = int((time.monotonic() - t0) * 1000)
        self._feedback(kind, shown, correct, understood)
        if correct is None:  # self-rated kinds (short answers): the user rates themselves
            while True:
                try:
                    rating = Rating(parse_rating(self.io.ask(self.m("question.rate"))))
                    break
                except ValueError as exc:
                    self.io.say(self._reason(exc), "yellow")
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
                       "expected": kind.expected_text(shown, self.t_event),
                       **kind.event_fields(understood)})

    def _reason(self, exc: ValueError) -> str:
        """Why an answer could not be read: in the session's language for an `AnswerError`
        (it carries both), else the exception's own message."""
        text = getattr(exc, "text", None)
        return self.t(text) if isinstance(text, Bilingual) else str(exc)

    def _feedback(self, kind, shown, correct, understood) -> None:
        io = self.io
        if correct is True:
            io.say(self.m("verdict.right"), "bold green")
        elif correct is False:
            io.say(self.m("verdict.wrong", answer=kind.expected_text(shown, self.t)), "bold red")
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
        raw = self.io.ask(self.m("task.offer", path=path)).strip().lower()
        if raw == "q":
            raise Quit
        if raw in ("y", "yes", "是"):
            if path.exists():
                self.io.say(self.m("task.exists", path=path), "yellow")
            else:
                write_starter(task, path, lang=self.lang)
                self.io.say(self.m("task.wrote", path=path), "green")
        self.summary.skipped += 1
        self.io.event({"event": "result", "id": task.id, "kind": "code", "starter": raw in ("y", "yes", "是")})

    # -------------------------------------------------------------- summary
    def _print_summary(self) -> None:
        s, io = self.summary, self.io
        now = self.sched.now()
        due_now, due_week, nxt = next_due(self.bank, self.store, self.filters, now)
        io.say()
        outcome = self.m("summary.ended_early" if s.quit_early else "summary.done")
        skipped = self.m("summary.skipped", skipped=s.skipped) if s.skipped else ""
        io.say(self.m("summary.result", outcome=outcome, correct=s.correct, answered=s.answered,
                      skipped=skipped), "bold")
        for topic, (n, ok) in sorted(s.by_topic.items()):
            io.say(f"  {topic:24} {ok}/{n}")
        when = nxt.astimezone().strftime("%Y-%m-%d %H:%M") if nxt else "—"
        io.say(self.m("summary.due", due_now=due_now, due_week=due_week, when=when))
        io.event({"event": "summary", "answered": s.answered, "correct": s.correct, "skipped": s.skipped,
                  "quit_early": s.quit_early, "by_topic": {k: {"answered": v[0], "correct": v[1]}
                                                           for k, v in s.by_topic.items()},
                  "due_now": due_now, "due_week": due_week,
                  "next_due": nxt.isoformat() if nxt else None})
