"""The `quiz` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import ExitCode, QuizError

__all__ = ["main", "cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-interview-quiz")
def cli() -> None:
    """Deep-learning interview practice and grading.

    Exit codes: 0 all graded tasks passed; 1 a task failed, the submission could not run, or
    a bank is invalid; 2 usage error (missing file, no known task, unknown id).
    """


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--task", "task_ids", multiple=True, metavar="ID", help="Grade only this task (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout and nothing else.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Replay a run exactly (the seed is always reported).")
@click.option("--framework", type=click.Choice(["numpy", "torch"]), help="Override the detected framework.")
@click.option("--device", type=click.Choice(["cpu", "cuda", "all"]), default="all", show_default=True,
              help="Devices for PyTorch code.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Wall-clock seconds per task.")
def grade(file: Path, task_ids: tuple[str, ...], as_json: bool, seed: int | None,
          framework: str | None, device: str, timeout: float) -> None:
    """Grade the coding tasks that FILE (.py or .ipynb) defines."""
    from .grading import GradeOptions, grade_file

    result = grade_file(file, GradeOptions(task_ids=task_ids, seed=seed, framework=framework,
                                           device=device, timeout=timeout))
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        from rich.console import Console

        from .report import print_grade

        print_grade(result, Console(highlight=False))
    sys.exit(ExitCode.OK if result.passed else ExitCode.FAILED)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: expected failures print one line, never a traceback."""
    try:
        cli.main(args=argv, prog_name="quiz", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(ExitCode.FAILED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.USAGE)
    except QuizError as exc:
        click.echo(f"{type(exc).__name__}: {exc.message}", err=True)
        sys.exit(int(exc.exit_code))
