"""The one exception family of the `quiz` tool and its documented exit codes.

Every expected failure is a `QuizError` carrying an `ExitCode`; the CLI catches it once,
prints `ErrorName: message` and exits with the code. Users never see a traceback for one.
"""

from __future__ import annotations

import enum

__all__ = ["ExitCode", "QuizError", "UsageError", "BankError", "SubmissionError", "ProgressError"]


class ExitCode(enum.IntEnum):
    """Exit status of every `quiz` command."""

    #: Every graded task passed (or the command did its job).
    OK = 0
    #: A graded task failed, or the submission could not run (syntax error, crash or exit
    #: at import), or a bank failed validation.
    FAILED = 1
    #: Usage error: no such file, no known task defined, unknown task id, bad option.
    USAGE = 2


class QuizError(Exception):
    """An expected failure with a message a person can act on."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(QuizError):
    """The command was asked for something that cannot be: a missing file, an unknown id."""

    exit_code = ExitCode.USAGE


class BankError(QuizError):
    """One or more problems in question-bank files; `problems` holds every one of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun} in question banks:\n" + "\n".join(problems))


class SubmissionError(UsageError):
    """The submission file cannot be read as Python or as a notebook."""


class ProgressError(QuizError):
    """The progress database cannot be used now: in use by another process, or unreadable."""
