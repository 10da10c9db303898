"""Pydantic models of concept questions: six kinds, every text in English and Chinese.

Kinds: `mcq` (one right option), `multi` (several), `true_false`, `numeric` (computed by a
function in `reference_impl`, with tolerance, unit and the accepted format; optionally with
parameters drawn afresh for every attempt), `short` (a model answer and key points as a
rubric) and `spot_the_bug` (a code snippet; the user names the faulty line and the fix).

Placeholders `{{name}}` in a numeric question's texts are filled with its parameters, and
`{{answer}}` (plus any extra values the function returns) in its explanation.
"""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .kind_names import QUESTION_KINDS
from .text import Text

__all__ = [
    "ConceptQuestion", "Figure", "Option", "Param", "NumericAnswer", "ShortAnswer", "BugAnswer",
    "McqQuestion", "MultiQuestion", "TrueFalseQuestion", "NumericQuestion", "ShortQuestion",
    "SpotTheBugQuestion", "PLACEHOLDER", "QUESTION_KINDS",
]

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")
_ID = r"^[a-z0-9][a-z0-9_.-]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """One choice of a multiple-choice question, with why it is right or wrong."""

    key: str = Field(pattern=r"^[a-z]$")
    text: Text
    why: Text


class Param(_Model):
    """A parameter of a numeric question: a list of choices or an inclusive integer range."""

    choices: list[Union[int, float]] | None = None
    range: tuple[int, int] | None = None
    step: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _one_kind(self) -> "Param":
        if (self.choices is None) == (self.range is None):
            raise ValueError("a parameter needs exactly one of `choices` or `range`")
        if self.choices is not None and not self.choices:
            raise ValueError("`choices` is empty")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"range {list(self.range)} is empty")
        return self

    def values(self) -> list[Union[int, float]]:
        if self.choices is not None:
            return list(self.choices)
        lo, hi = self.range
        return list(range(lo, hi + 1, self.step))


class Figure(_Model):
    """A plot shown under a question's prompt: `plot` names a function of
    `grader.render.figures` that returns a `Chart` (drawn as SVG in documents and as text in
    the terminal), called with `params`."""

    plot: str = Field(pattern=r"^grader\.render\.figures\.[a-z_]\w*$")
    params: dict[str, Union[str, int, float, bool]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _plot_exists(self) -> "Figure":
        import inspect

        from ..render import figures  # light: numpy, torch and matplotlib load on first plot

        name = self.plot.rpartition(".")[2]
        fn = getattr(figures, name, None)
        if not callable(fn) or name.startswith("_"):
            raise ValueError(f"figure.plot {self.plot!r} is not a function of grader.render.figures")
        try:
            inspect.signature(fn).bind(**self.params)
        except TypeError as exc:
            raise ValueError(f"figure.params {self.params} do not fit {name}{inspect.signature(fn)}: {exc}")
        return self


class _Question(_Model):
    id: str = Field(pattern=_ID)
    topic: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    tags: list[str] = Field(default_factory=list)
    difficulty: int = Field(ge=1, le=3)
    prompt: Text
    explanation: Text
    hints: list[Text] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    figure: Figure | None = None


class McqQuestion(_Question):
    kind: Literal["mcq"]
    options: list[Option] = Field(min_length=3, max_length=6)
    answer: str

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> "McqQuestion":
        _check_options(self.options, [self.answer])
        return self


class MultiQuestion(_Question):
    kind: Literal["multi"]
    options: list[Option] = Field(min_length=3, max_length=6)
    answer: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _answers_are_options(self) -> "MultiQuestion":
        _check_options(self.options, self.answer)
        if len(set(self.answer)) != len(self.answer):
            raise ValueError(f"answer {self.answer} repeats a key")
        return self


def _check_options(options: list[Option], answer: list[str]) -> None:
    keys = [o.key for o in options]
    if len(set(keys)) != len(keys):
        raise ValueError(f"option keys repeat: {keys}")
    missing = [a for a in answer if a not in keys]
    if missing:
        raise ValueError(f"answer {missing} is not among the option keys {keys}")
    for lang in ("en", "zh"):
        texts = [" ".join(getattr(o.text, lang).split()).lower() for o in options]
        if len(set(texts)) != len(texts):
            raise ValueError(f"two options have the same {lang} text")


class TrueFalseQuestion(_Question):
    kind: Literal["true_false"]
    answer: bool


class NumericAnswer(_Model):
    """The answer of a numeric question is computed, never typed in."""

    compute: str = Field(pattern=r"^reference_impl(\.\w+)+$")
    abs_tol: float = Field(default=0.0, ge=0)
    rel_tol: float = Field(default=1e-3, ge=0)
    unit: Text | None = None
    #: How to type the answer, shown to the user ("an integer", "a decimal such as 0.25").
    format: Text

    def accepts(self, given: float, expected: float) -> bool:
        return abs(given - expected) <= max(self.abs_tol, self.rel_tol * abs(expected))


class NumericQuestion(_Question):
    kind: Literal["numeric"]
    params: dict[str, Param] = Field(default_factory=dict)
    answer: NumericAnswer

    @model_validator(mode="after")
    def _placeholders_are_params(self) -> "NumericQuestion":
        used = set(PLACEHOLDER.findall(self.prompt.en + self.prompt.zh))
        unknown = used - set(self.params)
        if unknown:
            raise ValueError(f"prompt uses {sorted(unknown)}, which are not parameters")
        unused = set(self.params) - used
        if unused:
            raise ValueError(f"parameters {sorted(unused)} never appear in the prompt")
        if set(PLACEHOLDER.findall(self.prompt.en)) != set(PLACEHOLDER.findall(self.prompt.zh)):
            raise ValueError("the en and zh prompts use different placeholders")
        return self

    def grid(self) -> list[dict[str, Any]]:
        names = list(self.params)
        return [dict(zip(names, combo))
                for combo in itertools.product(*(self.params[n].values() for n in names))]


class ShortAnswer(_Model):
    model: Text
    key_points: list[Text] = Field(min_length=2)


class ShortQuestion(_Question):
    kind: Literal["short"]
    answer: ShortAnswer


class BugAnswer(_Model):
    #: 1-based line of `code` that holds the bug.
    line: int = Field(ge=1)
    #: The corrected line, as it should read (indented like the line it replaces).
    fixed_line: str
    fix: Text


class SpotTheBugQuestion(_Question):
    """A snippet with one wrong line. With `setup` and `check` it can be run: the program
    `setup`, `code`, `check` fails as given (the check raises, or the snippet does) and passes
    with the line replaced by a fix; `corrected` says how a fix replaces the line."""

    kind: Literal["spot_the_bug"]
    code: str = Field(min_length=1)
    answer: BugAnswer
    #: Run before the snippet: imports, small seeded stubs and data (well under a second on CPU).
    setup: str | None = None
    #: Run after the snippet: raises AssertionError, with a message that says what is wrong,
    #: when the behaviour is wrong.
    check: str | None = None

    @model_validator(mode="after")
    def _line_in_code(self) -> "SpotTheBugQuestion":
        lines = self.code.rstrip("\n").split("\n")
        if self.answer.line > len(lines):
            raise ValueError(f"answer.line {self.answer.line} is past the end of the code "
                             f"({len(lines)} lines)")
        wrong = lines[self.answer.line - 1]
        fixed = self.answer.fixed_line
        if wrong.strip() == fixed.strip():
            raise ValueError(f"answer.fixed_line is the same as line {self.answer.line}")
        if "\n" in fixed.strip("\n"):
            raise ValueError("answer.fixed_line is more than one line")
        indent, fixed_indent = _indent(wrong), _indent(fixed)
        if fixed_indent != indent:
            raise ValueError(f"answer.fixed_line is indented {len(fixed_indent)} characters, line "
                             f"{self.answer.line} {len(indent)}: the fixed line replaces that line")
        return self

    @model_validator(mode="after")
    def _runnable(self) -> "SpotTheBugQuestion":
        if (self.setup is None) != (self.check is None):
            raise ValueError("`setup` and `check` go together: give both or neither")
        if self.check is None:
            return self
        for name, source in (("the program (setup, code, check)", self.program()),
                             ("the program with answer.fixed_line", self.program(self.answer.fixed_line))):
            try:
                compile(source, "<spot_the_bug>", "exec", dont_inherit=True)
            except SyntaxError as exc:
                raise ValueError(f"{name} does not compile: {exc.msg} (line {exc.lineno})") from None
        return self

    def corrected(self, fix: str) -> str:
        """`code` with line `answer.line` replaced by the one-line `fix`, re-indented to that
        line's indentation (people type a fix without its indentation)."""
        lines = self.code.rstrip("\n").split("\n")
        i = self.answer.line - 1
        lines[i] = _indent(lines[i]) + fix.strip()
        return "\n".join(lines) + "\n"

    def program(self, fix: str | None = None) -> str:
        """`setup`, the code (corrected by `fix` if given) and `check`, as one source; the
        code starts at line `setup_lines + 1`."""
        code = self.code if fix is None else self.corrected(fix)
        return (self.setup or "").rstrip("\n") + "\n" + code.rstrip("\n") + "\n" + (self.check or "")

    @property
    def setup_lines(self) -> int:
        return len((self.setup or "").rstrip("\n").split("\n"))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


_QUESTION_MODELS = (McqQuestion, MultiQuestion, TrueFalseQuestion, NumericQuestion, ShortQuestion,
                    SpotTheBugQuestion)
ConceptQuestion = Annotated[Union[_QUESTION_MODELS], Field(discriminator="kind")]
assert tuple(m.model_fields["kind"].annotation.__args__[0] for m in _QUESTION_MODELS) == \
    QUESTION_KINDS, "one data model per question kind (kind_names.py)"
