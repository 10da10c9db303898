"""The `quiz` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import ExitCode, QuizError, UsageError

__all__ = ["main", "cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-interview-quiz")
def cli() -> None:
    """Deep-learning interview practice and grading.

    Exit codes: 0 all graded tasks passed; 1 a task failed, the submission could not run, or
    a bank is invalid; 2 usage error (missing file, no known task, unknown id).
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@click.option("--task", "task_ids", multiple=True, metavar="ID", help="Grade only this task (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout and nothing else.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Replay a run exactly (the seed is always reported).")
@click.option("--framework", type=click.Choice(["numpy", "torch"]), help="Override the detected framework.")
@click.option("--device", type=click.Choice(["cpu", "cuda", "all"]), default="all", show_default=True,
              help="Devices for PyTorch code.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Wall-clock seconds per task (measured by the grader).")
@click.option("--call-timeout", type=click.FloatRange(min=0.05), metavar="SECONDS",
              help="Seconds one call may take [default: the task's call_limit, usually 2].")
@click.option("--require-sandbox", is_flag=True, help="Refuse to grade unless the submission "
              "runs in the full jail (for interviewers grading untrusted code).")
@click.option("--from-scratch", is_flag=True, help="Fail a task whose file calls a library "
              "operation that does the whole task (F.conv2d in conv2d, torch.sigmoid in sigmoid).")
@click.option("-v", "--verbose", is_flag=True, help="Every message in full and every sandbox mechanism.")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Also write a report: .html, .md, .pdf, or .json (Gradescope results format).")
@click.option("--no-record", is_flag=True, help="Do not record this grade in your progress "
              "(for grading someone else's file; a batch never records).")
@click.option("--home", type=click.Path(path_type=Path), envvar="QUIZ_HOME",
              help="Folder of the progress store (env QUIZ_HOME).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="Batch: submissions graded at once "
              "[default: the number of CPUs].")
@click.option("--out", "outputs", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Batch: write every submission × task × check: results.csv, results.json or "
                   "junit.xml (the extension decides; repeatable).")
@click.option("--report-dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Batch: one report per submission in DIR (see --report-format).")
@click.option("--report-format", type=click.Choice(["html", "md", "pdf", "json"]), default="html",
              show_default=True, help="Batch: the format of --report-dir's reports.")
@click.option("--cluster", metavar="ADDRESS", help="Batch: grade on Dask workers: local:N (a local "
              "cluster of N processes) or a scheduler's address, tcp://host:8786.")
@click.option("--resume", is_flag=True, help="Batch: skip submissions the last run of this batch "
              "already graded (same seed, bank version and options; the file unchanged).")
@click.option("--journal", type=click.Path(path_type=Path), metavar="FILE",
              help="Batch: where results are kept as they come [default: in the cache folder].")
def grade(paths: tuple[Path, ...], task_ids: tuple[str, ...], as_json: bool, seed: int | None,
          framework: str | None, device: str, timeout: float, call_timeout: float | None,
          require_sandbox: bool, from_scratch: bool, verbose: bool, report_path: Path | None,
          no_record: bool, home: Path | None, jobs: int | None, outputs: tuple[Path, ...],
          report_dir: Path | None, report_format: str, cluster: str | None, resume: bool,
          journal: Path | None) -> None:
    """Grade the coding tasks that PATH (.py or .ipynb) defines.

    Several paths, or a folder, grade a batch: each .py/.ipynb file in a folder is one
    submission, and so is each sub-folder holding one. One seed serves the whole batch;
    --out, --report-dir, --jobs, --cluster and --resume apply.
    """
    from .grading import GradeOptions

    options = GradeOptions(task_ids=task_ids, seed=seed, framework=framework, device=device,
                           timeout=timeout, call_timeout=call_timeout,
                           require_sandbox=require_sandbox, from_scratch=from_scratch)
    batch_only = {"--jobs": jobs is not None, "--out": bool(outputs), "--report-dir": report_dir is not None,
                  "--cluster": cluster is not None, "--resume": resume, "--journal": journal is not None}
    if len(paths) > 1 or paths[0].is_dir() or any(batch_only.values()):
        if report_path is not None:
            raise UsageError("--report writes one submission's report; for a batch use --report-dir DIR")
        _grade_batch(paths, options, as_json=as_json, jobs=jobs, outputs=outputs,
                     report_dir=report_dir, report_format=report_format, cluster=cluster,
                     resume=resume, journal=journal)
        return
    file = paths[0]
    import time

    from .grading import grade_file

    t0 = time.monotonic()
    result = grade_file(file, options)
    report_error = None
    if report_path is not None:  # a report that cannot be written must not lose the grade
        from .errors import QuizError
        from .render.report import write_report

        try:
            write_report(result, report_path, elapsed=time.monotonic() - t0)
        except QuizError as exc:
            report_error = exc
    if not no_record:
        from .progress.record import record_grade

        note = record_grade(result, home, warn=lambda m: click.echo(f"warning: {m}", err=True))
        if note:
            result.notes.append(note)
    if as_json:
        # ASCII only: no control, bidi or other invisible character of a submission's text
        # can act on the terminal that shows it
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=True) + "\n")
    else:
        from rich.console import Console

        from .render.terminal import print_grade

        print_grade(result, Console(highlight=False), verbose=verbose)
    if report_error is not None:
        raise report_error  # one line after the grade, exit 2
    sys.exit(ExitCode.OK if result.passed else ExitCode.FAILED)


def _grade_batch(paths, options, *, as_json, jobs, outputs, report_dir, report_format, cluster,
                 resume, journal) -> None:
    """`quiz grade` over many submissions: a progress bar, a summary, the outputs."""
    import os

    from rich.console import Console

    from .grading.batch import cluster_workers, discover, run_batch
    from .render.batch import check_output_path, print_batch, write_output, write_reports
    from .render.terminal import safe_markup
    from .untrusted import clean_text

    for out in outputs:
        check_output_path(out)
    if cluster is not None:
        cluster_workers(cluster)
    if report_dir is not None and report_dir.exists() and not report_dir.is_dir():
        raise UsageError(f"cannot write reports in {clean_text(str(report_dir))}: not a folder")
    entries = discover(paths)
    jobs = jobs or min(len(entries), os.cpu_count() or 1)
    err = Console(stderr=True, highlight=False)
    progress = None
    if not as_json and err.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[last]}"), TimeRemainingColumn(), console=err,
                            transient=True)
    bar = None

    def on_start(done: int, total: int, notes: list[str] = ()) -> None:
        nonlocal bar
        for note in notes if not as_json else ():
            err.print(f"note: {note}", highlight=False, markup=False)
        if not as_json:
            err.print(f"{total} submission{'s' if total != 1 else ''}"
                      + (f" ({done} graded earlier, kept)" if done else "")
                      + (f" on {safe_markup(cluster)}" if cluster else f", {jobs} at a time"),
                      highlight=False)
        if progress is not None:
            progress.start()
            bar = progress.add_task("grading", total=total, completed=done, last="")

    def on_item(item, done: int, total: int) -> None:
        if progress is not None and bar is not None:
            progress.update(bar, completed=done, last=safe_markup(clean_text(item.name)[:40]))
        elif not as_json:  # a log, not a terminal: one line per submission
            err.print(f"[{done}/{total}] {item.status.upper()} {clean_text(item.name)}",
                      highlight=False, markup=False)

    try:
        batch = run_batch(entries, options, jobs=jobs, cluster=cluster, journal=journal,
                          resume=resume, on_item=on_item, on_start=on_start)
    finally:
        if progress is not None:
            progress.stop()
    written = [write_output(batch, out) for out in outputs]
    if report_dir is not None:
        write_reports(batch, report_dir, report_format)
    if as_json:
        from .render.batch import batch_json

        sys.stdout.write(json.dumps(batch_json(batch), ensure_ascii=True) + "\n")
    else:
        print_batch(batch, Console(highlight=False), outputs=written, reports=report_dir)
    if batch.interrupted:
        sys.exit(130)
    sys.exit(ExitCode.OK if batch.passed else ExitCode.FAILED)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--stats", is_flag=True, help="Print counts per topic and kind.")
def lint(paths: tuple[Path, ...], stats: bool) -> None:
    """Validate question banks (default: the shipped ones); exit 1 on any problem."""
    from .banks.lint import lint_paths

    report = lint_paths(paths)
    for problem in report.problems:
        click.echo(problem)
    if stats:
        _print_stats(report)
    n = len(report.problems)
    click.echo(f"{report.files} files, {report.tasks} coding tasks, {report.questions} questions: "
               + ("no problems" if not n else f"{n} problem{'s' if n != 1 else ''}"), err=bool(n))
    sys.exit(ExitCode.FAILED if n else ExitCode.OK)


def _print_stats(report) -> None:
    from .banks.kind_names import QUESTION_KINDS as kinds
    click.echo(f"{'topic':24}" + "".join(f"{k:>13}" for k in kinds) + f"{'total':>8}")
    totals = {k: 0 for k in kinds}
    for topic in sorted(report.by_topic):
        c = report.by_topic[topic]
        click.echo(f"{topic:24}" + "".join(f"{c.get(k, 0):>13}" for k in kinds) + f"{sum(c.values()):>8}")
        for k in kinds:
            totals[k] += c.get(k, 0)
    click.echo(f"{'all':24}" + "".join(f"{totals[k]:>13}" for k in kinds) + f"{sum(totals.values()):>8}")
    click.echo(f"parameterised numeric templates: {report.parameterised}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a bank file (for editors: yaml-language-server)."""
    from .banks.schema import bank_json_schema

    click.echo(json.dumps(bank_json_schema(), indent=2, ensure_ascii=False))


def _register() -> None:
    from .commands import export, practice, render

    practice.register(cli)
    render.register(cli)
    export.register(cli)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: expected failures print one line, never a traceback."""
    code = ExitCode.OK
    try:
        cli.main(args=argv, prog_name="quiz", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        code = ExitCode.FAILED
    except click.ClickException as exc:
        # one line, as for every expected failure, with where to look for help
        click.echo(f"error: {_click_message(exc)}", err=True)
        code = ExitCode.USAGE
    except QuizError as exc:
        from .untrusted import clean_text

        # one style for every expected failure: what went wrong, no class names
        click.echo(f"error: {clean_text(exc.message)}", err=True)
        code = int(exc.exit_code)
    _exit(int(code), fast=argv is None)


def _click_message(exc: click.ClickException) -> str:
    """Click's message for a usage error on one line, and where to look for help."""
    from .untrusted import clean_text

    message = " ".join(exc.format_message().split()).rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    return clean_text(f"{message} (see '{ctx.command_path if ctx is not None else 'quiz'} -h')")


def _exit(code: int, *, fast: bool) -> None:
    """Exit; from the console with PyTorch loaded, skip the interpreter's teardown.

    Finalising a process that imported torch takes ~0.35 s (measured: a third of a one-task
    grade beyond torch's import). Everything this tool writes is flushed or committed by
    then, so the console entry point leaves with `os._exit` after flushing.
    """
    if fast and "torch" in sys.modules:
        import os

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    sys.exit(code)
