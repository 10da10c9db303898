"""Terminal report of a grade: per task and per check, a status and a message.

Everything the submission can influence (file name, messages, output, advice, notes) is
cleaned of terminal controls (`clean_text`) and then of rich markup (`escape`), in that
order, so it shows as text and neither drives the terminal nor styles itself.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from ..grading.results import GradeResult
from ..untrusted import clean_text

__all__ = ["print_grade", "safe_markup"]

_STYLE = {"passed": ("PASS", "green"), "failed": ("FAIL", "red"), "error": ("ERROR", "red"),
          "timeout": ("TIMEOUT", "yellow"), "not_gradable": ("SKIP", "dim")}


def safe_markup(text: object) -> str:
    """Untrusted text as rich markup that prints exactly the cleaned text."""
    return escape(clean_text(str(text)))


def print_grade(result: GradeResult, console: Console, *, verbose: bool = False) -> None:
    """Print `result`: the file and seed, each task with its checks, notes, the sandbox.

    A failure that follows from a failed forward is one line under it (its message with
    `verbose`); the sandbox is one line (every mechanism with `verbose`).
    """
    def out(markup: str) -> None:
        # a message stays one line (the terminal wraps it), and ":name:" in it stays text
        console.print(markup, highlight=False, emoji=False, soft_wrap=True)

    out(f"[bold]{safe_markup(result.file)}[/]  seed {result.seed}  (replay with --seed {result.seed})")
    for task in result.tasks:
        mark, color = ("PASS", "green") if task.passed else ("FAIL", "red")
        where = ", ".join([task.framework, *task.devices])  # no devices: it never ran
        out(f"\n[bold {color}]{mark}[/] [bold]{safe_markup(task.id)}[/] — {safe_markup(task.title)} "
            f"[dim]({safe_markup(where)}; score {task.score:.0%})[/]")
        for note in task.shortcuts:
            out(f"  [bold yellow]note:[/] {safe_markup(note)}")
        for check in task.checks:
            label, style = _STYLE[check.status]
            dev = f" [{check.device}]" if check.device and len(task.devices) > 1 else ""
            if check.follows and not verbose:
                out(f"  [{style}]{label:7}[/] {safe_markup(check.name)}{safe_markup(dev)} [dim]— follows from "
                    f"the failed {safe_markup(check.follows)}; fix that first[/]")
                continue
            out(f"  [{style}]{label:7}[/] {safe_markup(check.name)}{safe_markup(dev)}")
            for line in clean_text(check.message).splitlines():
                out(f"          {escape(line)}")
        if task.advice:
            out("  [dim]advice (not counted):[/]")
            for advice in task.advice:
                out(f"  [dim]- {safe_markup(advice)}[/]")
        if task.output.strip():
            out("  [dim]output of the submission (truncated):[/]")
            for line in clean_text(task.output.strip()).splitlines()[:10]:
                out(f"  [dim]| {escape(line[:200])}[/]")
    for note in result.notes:
        out(f"[dim]note: {safe_markup(note)}[/]")
    iso = result.isolation
    if iso:
        if verbose:
            how = "jailed" if iso.get("jailed") else f"NOT jailed ({iso.get('reason')})"
            out(f"[dim]sandbox: {safe_markup(how)}; {safe_markup(', '.join(iso.get('mechanisms', [])))}[/]")
        elif iso.get("jailed"):
            out(f"[dim]sandbox: jailed (uid {safe_markup(iso.get('uid'))}, no network, no files of "
                "yours; --verbose for details)[/]")
        else:
            out(f"[dim]sandbox: NOT jailed ({safe_markup(iso.get('reason'))})[/]")
        if iso.get("risks"):
            out(f"[bold yellow]warning: {safe_markup(iso['risks'])}[/]")
    n_pass = sum(t.passed for t in result.tasks)
    color = "green" if result.passed else "red"
    out(f"\n[bold {color}]{n_pass}/{len(result.tasks)} tasks passed[/], "
        f"score {result.score:.2f}, seed {result.seed}")
