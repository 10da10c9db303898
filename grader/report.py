"""Terminal report of a grade: per task and per check, a status and a message."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from .grading.results import GradeResult

__all__ = ["print_grade"]

_STYLE = {"passed": ("PASS", "green"), "failed": ("FAIL", "red"), "error": ("ERROR", "red"),
          "timeout": ("TIMEOUT", "yellow"), "not_gradable": ("SKIP", "dim")}


def print_grade(result: GradeResult, console: Console) -> None:
    console.print(f"[bold]{escape(result.file)}[/]  seed {result.seed}  "
                  f"(replay with --seed {result.seed})")
    for task in result.tasks:
        mark, color = ("PASS", "green") if task.passed else ("FAIL", "red")
        devices = ", ".join(task.devices)
        console.print(f"\n[bold {color}]{mark}[/] [bold]{task.id}[/] — {escape(task.title)} "
                      f"[dim]({task.framework}, {devices}; {task.score:.0%} of checks)[/]")
        for check in task.checks:
            label, style = _STYLE[check.status]
            dev = f" [{check.device}]" if check.device and len(task.devices) > 1 else ""
            console.print(f"  [{style}]{label:7}[/] {escape(check.name)}{escape(dev)}")
            if check.message:
                for line in check.message.splitlines():
                    console.print(f"          {escape(line)}", highlight=False)
        if task.output.strip():
            console.print("  [dim]output of the submission (truncated):[/]")
            for line in task.output.strip().splitlines()[:10]:
                console.print(f"  [dim]| {escape(line[:200])}[/]", highlight=False)
    for note in result.notes:
        console.print(f"[dim]note: {escape(note)}[/]")
    iso = result.isolation
    if iso:
        how = "namespaces" if iso.get("namespaces") else f"no namespaces ({iso.get('reason')})"
        console.print(f"[dim]sandbox: {how}; {', '.join(iso.get('mechanisms', []))}[/]")
    n_pass = sum(t.passed for t in result.tasks)
    color = "green" if result.passed else "red"
    console.print(f"\n[bold {color}]{n_pass}/{len(result.tasks)} tasks passed[/], "
                  f"score {result.score:.2f}, seed {result.seed}")
