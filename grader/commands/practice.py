"""`quiz practice`, `quiz stats`, and the coding-practice commands (tasks, start, hint, solution)."""

from __future__ import annotations

import json
import random
import sys

from pathlib import Path

import click

from ..banks.kind_names import QUESTION_KINDS
from ..errors import QuizError, UsageError


__all__ = ["register"]

KINDS = [*QUESTION_KINDS, "code"]
home_option = click.option("--home", type=click.Path(path_type=Path), envvar="QUIZ_HOME",
                           help="Folder of the progress store (default: your data directory; env QUIZ_HOME).")
lang_option = click.option("--lang", type=click.Choice(["en", "zh"]), envvar="QUIZ_LANG", default="en",
                           show_default=True, help="Language of the texts (env QUIZ_LANG).")


def _store(home: Path | None):
    """The progress store; a damaged database moved aside is announced on stderr, in one line."""
    from ..progress import ProgressStore

    store = ProgressStore(home)
    if store.recovery_note:
        click.echo(f"warning: {store.recovery_note}", err=True)
    return store


def _task(bank, task_id: str):
    return bank.require_tasks([task_id])[0]


def _check_retention(ctx, param, value: float | None) -> float | None:
    """--retention within the range a person may set (the range lives in progress.settings,
    imported only when the option is given)."""
    if value is None:
        return None
    from ..progress.settings import RETENTION_MAX, RETENTION_MIN

    if not RETENTION_MIN <= value <= RETENTION_MAX:
        raise click.BadParameter(f"{value} is not in the range {RETENTION_MIN}–{RETENTION_MAX}")
    return value


retention_option = click.option(
    "--retention", type=float, callback=_check_retention, metavar="R",
    help="Desired retention: the chance of recalling a card on its due day that intervals aim for "
         "(0.7–0.99, fsrs's default 0.9); kept for later sessions.")


def _interval(gap, lang: str) -> str:
    """A scheduled interval in the unit a person reads it in: minutes, hours or days."""
    from ..practice.messages import message

    minutes = round(gap.total_seconds() / 60)
    if minutes < 60:
        return message("interval.minutes", lang, n=minutes)
    if minutes < 24 * 60:
        return message("interval.hours", lang, n=round(minutes / 60))
    return message("interval.days", lang, n=round(minutes / (24 * 60)))


def _fit_json(fit) -> dict:
    """`quiz stats --optimize --json`: what the fit used and changed, intervals in days."""
    from ..progress.fitting import MIN_REVIEWS

    def days(intervals):
        return None if intervals is None else {card: [round(g.total_seconds() / 86400, 4) for g in gaps]
                                               for card, gaps in intervals.items()}

    return {"fitted": fit.fitted is not None, "reviews": fit.reviews, "countable_reviews": fit.countable,
            "needed": MIN_REVIEWS, "log_loss_before": fit.loss_before, "log_loss_after": fit.loss_after,
            "intervals_days_before": days(fit.intervals_before), "intervals_days_after": days(fit.intervals_after)}


def _echo_fit(fit, retention: float, lang: str) -> None:
    """`quiz stats --optimize`: too few reviews in one line, else what the fit used and changed."""
    from ..practice.messages import message
    from ..progress.fitting import MIN_REVIEWS

    if fit.fitted is None:
        click.echo(message("optimize.too_few", lang, have=fit.countable, needed=MIN_REVIEWS))
        return
    click.echo(message("optimize.done", lang, reviews=fit.reviews, countable=fit.countable))
    if fit.loss_before is not None and fit.loss_after is not None:
        click.echo(message("optimize.loss", lang, before=fit.loss_before, after=fit.loss_after))
    click.echo(message("optimize.intervals", lang, retention=retention))
    for card, before in fit.intervals_before.items():
        click.echo(message("optimize.card_line", lang, card=message(f"optimize.card.{card}", lang),
                           before=[_interval(g, lang) for g in before],
                           after=[_interval(g, lang) for g in fit.intervals_after[card]]))


@click.command()
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only questions with this tag (repeatable).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind (repeatable).")
@click.option("--difficulty", type=click.IntRange(1, 3), help="Only this difficulty.")
@click.option("--count", type=click.IntRange(1, 500), default=10, show_default=True, help="Items in this session.")
@lang_option
@click.option("--cram", is_flag=True, help="Drill the selection without changing any schedule.")
@click.option("--seed", type=int, help="Seed for option order and drawn parameters.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question and result.")
@click.option("--new-per-day", type=click.IntRange(0), envvar="QUIZ_NEW_PER_DAY", default=20, show_default=True)
@click.option("--reviews-per-day", type=click.IntRange(0), envvar="QUIZ_REVIEWS_PER_DAY", default=200, show_default=True)
@retention_option
@home_option
def practice(topics, tags, kinds, difficulty, count, lang, cram, seed, as_json, new_per_day,
             reviews_per_day, retention, home) -> None:
    """Practice: due reviews first, then new questions, scheduled by FSRS.

    Type the answer at the prompt; `h` shows a hint, `s` skips, `q` (or Ctrl-C) ends the
    session with everything answered so far saved. When input is not a terminal, answers
    are read line by line and the output is plain text.
    """
    from ..banks import load_bank
    from ..practice.selection import Filters, DailyLimits
    from ..practice.session import JsonIo, PlainIo, PracticeSession, RichIo
    from ..progress.schedule import utcnow
    from ..progress.settings import save_retention, scheduler_for

    bank = load_bank()
    topics = tuple(bank.require_topics(topics)) if topics else ()  # ids in any case
    io = JsonIo() if as_json else (RichIo() if sys.stdin.isatty() and sys.stdout.isatty() else PlainIo())
    with _store(home) as store:
        if retention is not None:
            save_retention(store, retention, when=utcnow())
        session = PracticeSession(bank, store, scheduler_for(store), Filters(topics, tags, kinds, difficulty),
                                  count=count, limits=DailyLimits(new_per_day, reviews_per_day), cram=cram,
                                  lang=lang, rng=random.Random(seed), io=io)
        session.run()


@click.command()
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--orphans", is_flag=True, help="List progress kept for questions no longer in the banks.")
@click.option("--prune", is_flag=True, help="With --orphans: delete that progress.")
@click.option("--streak", is_flag=True, help="Also show your streak of practice days.")
@retention_option
@click.option("--optimize", is_flag=True,
              help="Fit the schedule to your own reviews (fsrs's optimizer; needs 512 reviews a day or more "
                   "after the card's previous one) and use it from now on.")
@click.option("--optimize-retention", is_flag=True,
              help="Set your desired retention to the one that costs you the least time per card remembered "
                   "(fsrs's simulation of your reviews, after --optimize if given; needs 512 reviews, ~10 s).")
@home_option
@lang_option
def stats(topics, as_json, orphans, prune, streak, retention, optimize, optimize_retention, home, lang) -> None:
    """Your progress per topic: answered, accuracy, retention, due, weakest questions.

    With --retention, --optimize or --optimize-retention, changes your schedule settings instead
    and says what changed.
    """
    from ..banks import load_bank
    from ..practice.messages import message
    from ..progress.settings import load_settings, save_retention
    from ..progress.stats import orphan_report, progress_report
    from ..progress.schedule import utcnow

    if retention is not None and optimize_retention:
        raise UsageError("--retention and --optimize-retention both set your desired retention: give one")
    if retention is not None or optimize or optimize_retention:
        from ..progress import fitting

        out = {}
        with _store(home) as store:
            if retention is not None:
                save_retention(store, retention, when=utcnow())
            if optimize:
                fit = fitting.optimize(store, now=utcnow())
                out["optimize"] = _fit_json(fit)
            if optimize_retention:
                reviews, best = fitting.optimal_retention(store, now=utcnow())
                out["optimize_retention"] = {"reviews": reviews, "needed": fitting.MIN_REVIEWS, "retention": best}
            settings = load_settings(store)
        if as_json:
            click.echo(json.dumps({"schedule": settings.to_json(), **out}, ensure_ascii=False, indent=1))
            return
        if retention is not None:
            click.echo(message("retention.set", lang, retention=retention))
        if optimize:
            _echo_fit(fit, settings.desired_retention, lang)
        if optimize_retention:
            click.echo(message("optimal_retention.done", lang, retention=best, reviews=reviews) if best is not None
                       else message("optimal_retention.too_few", lang, have=reviews, needed=fitting.MIN_REVIEWS))
        return
    bank = load_bank()
    topics = tuple(bank.require_topics(topics)) if topics else ()  # ids in any case
    with _store(home) as store:
        if orphans:
            rows = orphan_report(bank, store, prune=prune)
            if as_json:
                click.echo(json.dumps(rows, ensure_ascii=False))
            else:
                for r in rows:
                    click.echo(f"{r['id']}  ({r['topic']}, {r['reviews']} reviews)"
                               + ("  pruned" if prune else ""))
                click.echo(f"{len(rows)} orphaned item(s)" + ("" if prune or not rows else "; --prune deletes them"))
            return
        report = progress_report(bank, store, topics=topics, now=utcnow(), streak=streak)
        report["schedule"] = load_settings(store).to_json()
        where, graded = store.home, bool(store.attempts())
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    if not graded and not any(r["answered"] for r in report["topics"].values()):
        click.echo(message("stats.empty", lang, where=where))
        return
    from rich.cells import cell_len

    def pad(text: str, width: int, right: bool = True) -> str:  # by display width: 正确率
        room = " " * max(0, width - cell_len(text))
        return room + text if right else text + room

    cols = [("due_now", 9), ("due_week", 8)]
    head = [message(f"stats.col.{c}", lang) for c in ("topic", "answered", "accuracy", "retention")]
    widths = [22, 9, 10, 10] + [max(w, cell_len(message(f"stats.col.{c}", lang)) + 1) for c, w in cols]
    widths[1:4] = [max(w, cell_len(h) + 1) for w, h in zip(widths[1:4], head[1:])]
    head += [message(f"stats.col.{c}", lang) for c, _ in cols]
    click.echo(pad(head[0], widths[0], right=False) + "".join(pad(h, w) for h, w in zip(head[1:], widths[1:])))
    for topic, r in report["topics"].items():
        acc = f"{r['accuracy']:.0%}" if r["accuracy"] is not None else "—"
        ret = f"{r['retention']:.0%}" if r["retention"] is not None else "—"
        cells = [str(r["answered"]), acc, ret, str(r["due_now"]), str(r["due_week"])]
        click.echo(pad(topic, widths[0], right=False) + "".join(pad(c, w) for c, w in zip(cells, widths[1:])))
    if report["weakest"]:
        items = [message("stats.weak_item", lang, id=w["id"], wrong=w["wrong"], reviews=w["reviews"])
                 for w in report["weakest"]]
        click.echo(message("stats.weakest", lang, items=items))

    def attempts(t: str, n: int) -> str:
        return message("stats.attempt", lang, task=t) if n == 1 else message("stats.attempts", lang, task=t, n=n)

    solved = [attempts(t, report["tasks"][t]["attempts_to_solve"]) for t in report["tasks_passed"]]
    click.echo(message("stats.solved_list" if solved else "stats.solved", lang, solved=len(solved),
                       total=report["tasks_total"], items=solved))
    open_tasks = [t for t, r in report["tasks"].items() if not r["solved"]]
    if open_tasks:
        click.echo(message("stats.not_solved", lang, items=[
            attempts(t, report["tasks"][t]["attempts"]) for t in open_tasks]))
    if streak:
        click.echo(message("stats.streak", lang, days=report["streak"]))


@click.command()
@click.option("--topic", "topics", multiple=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--markdown", is_flag=True,
              help="The catalogue as a Markdown table (what to write, framework, checks), without your status.")
@home_option
@lang_option
def tasks(topics, as_json, markdown, home, lang) -> None:
    """List the coding tasks with your status."""
    from rich.cells import cell_len

    from ..banks import load_bank
    from ..practice.messages import message

    bank = load_bank()
    topics = tuple(bank.require_topics(topics)) if topics else ()  # ids in any case
    if markdown:
        from ..render.catalogue import catalogue_markdown

        click.echo(catalogue_markdown(bank, lang), nl=False)
        return
    with _store(home) as store:
        attempts = store.attempts()
    status = {}
    for task_id, _, passed, _ in attempts:
        status[task_id] = "passed" if passed or status.get(task_id) == "passed" else "attempted"
    rows = [{"id": t.id, "topic": t.topic, "difficulty": t.difficulty, "title": getattr(t.title, lang),
             "status": status.get(t.id, "new")}
            for t in bank.tasks.values() if not topics or t.topic in topics]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    w_id = max((len(r["id"]) for r in rows), default=0) + 2
    w_topic = max((len(r["topic"]) for r in rows), default=0) + 2
    shown = {s: message(f"status.{s}", lang) for s in ("passed", "attempted", "new")}
    w_status = max(10, *(cell_len(s) for s in shown.values())) + 1
    for r in rows:
        status = shown[r["status"]]
        click.echo(f"{r['id']:{w_id}}{r['topic']:{w_topic}}{'★' * r['difficulty']:4} "
                   f"{status}{' ' * (w_status - cell_len(status))}{r['title']}")


@click.command()
@click.argument("task_id")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: TASK.py).")
@click.option("--framework", type=click.Choice(["numpy", "torch"]), default=None,
              help="numpy or torch (default: the task's own framework, else numpy).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@lang_option
def start(task_id, output, framework, force, lang) -> None:
    """Write a starter file for a coding task (signatures and the contract)."""
    from ..banks import load_bank
    from ..practice.messages import message
    from ..practice.starter import write_starter

    task = _task(load_bank(), task_id)
    framework = framework or task.framework or "numpy"
    path = write_starter(task, output or Path(f"{task_id}.py"), framework=framework, lang=lang, force=force)
    click.echo(message("start.wrote", lang, path=path))


@click.command()
@click.argument("task_id")
@click.option("--level", type=click.IntRange(1), default=1, show_default=True,
              help="1 is a nudge; higher levels come closer to a solution.")
@lang_option
def hint(task_id, level, lang) -> None:
    """Show a hint for a coding task."""
    from ..banks import load_bank
    from ..practice.mathtext import render_text
    from ..practice.messages import message

    task = _task(load_bank(), task_id)
    if level > len(task.hints):
        raise UsageError(f"{task_id} has {len(task.hints)} hint levels")
    for i in range(level):
        body = render_text(getattr(task.hints[i], lang)).strip("\n")
        label = message("hint.label", lang, level=i + 1, levels=len(task.hints))
        sep = ("\n" if body.startswith("    ") else  # a hint that opens with code starts below
               "" if label.endswith("：") else " ")  # a full-width colon brings its own space
        click.echo(f"{label}{sep}{body.rstrip()}")


@click.command()
@click.argument("task_id")
@click.option("--framework", type=click.Choice(["numpy", "torch"]), default="numpy", show_default=True)
@lang_option
def solution(task_id, framework, lang) -> None:
    """Show the model solution of a coding task, and its explanation."""
    from ..banks import data_dir, load_bank
    from ..practice.mathtext import render_math

    task = _task(load_bank(), task_id)
    sols = data_dir("solutions")
    name = f"{task_id}_torch.py" if framework == "torch" and task.framework != "torch" else f"{task_id}.py"
    path = sols / name
    if not path.is_file():
        path = sols / f"{task_id}.py"
    click.echo(path.read_text(encoding="utf-8"))
    click.echo(render_math(getattr(task.explanation, lang)))


def register(cli: click.Group) -> None:
    for cmd in (practice, stats, tasks, start, hint, solution):
        cli.add_command(cmd)

