"""Read what a person typed and decide whether it answers the question.

Numbers are accepted in the forms people type (`0.25`, `1/4`, `2.5e-1`, `25%`, `-3`);
choices as letters (`b`, `a,c`, `ac`, `a c`); true/false in English and Chinese. An answer
that cannot be read raises `AnswerError`, which says what to type in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .messages import Bilingual, bilingual

__all__ = ["AnswerError", "Verdict", "parse_number", "parse_choices", "parse_bool",
           "parse_bug_answer", "parse_rating"]

_TRUE = {"t", "true", "y", "yes", "1", "对", "是", "正确", "真"}
_FALSE = {"f", "false", "n", "no", "0", "错", "否", "错误", "假"}


class AnswerError(ValueError):
    """An answer that cannot be read; `text` says what to type, in both languages (the
    exception's own message is the English one)."""

    def __init__(self, msg_id: str, **fields: Any) -> None:
        self.text: Bilingual = bilingual(msg_id, **fields)
        super().__init__(self.text.en)


@dataclass(frozen=True)
class Verdict:
    correct: bool
    #: What the person's answer meant, for the feedback ("you chose b").
    understood: str


def parse_number(text: str) -> float:
    """`0.25`, `1/4`, `2.5e-1`, `25%`, `1,024` → float; `AnswerError` otherwise."""
    t = text.strip().replace("，", ",").replace("−", "-").replace(" ", "")
    if not t:
        raise AnswerError("invalid.empty")
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?", t):
        t = t.replace(",", "")
    try:
        if "/" in t:
            num, den = t.split("/", 1)
            value = float(Fraction(num)) / float(Fraction(den))
        else:
            value = float(Fraction(t)) if re.fullmatch(r"[-+]?\d+(\.\d*)?", t) else float(t)
    except (ValueError, ZeroDivisionError):
        raise AnswerError("invalid.number", answer=repr(text.strip())) from None
    return value / 100 if percent else value


def parse_choices(text: str, letters: str) -> list[str]:
    """Letters the person chose, validated against the displayed ones (lower case)."""
    picked = [c for c in text.lower() if c.isalpha()]
    if not picked:
        raise AnswerError("invalid.no_letter", letters=tuple(letters))
    if any(len(word) > 1 and not set(word) <= set(letters)
           for word in re.findall(r"[^\W\d_]+", text.lower())):  # words, not letters
        raise AnswerError("invalid.words", letters=tuple(letters))
    bad = sorted(set(c for c in picked if c not in letters))
    if bad:
        raise AnswerError("invalid.not_an_option", bad=tuple(bad), letters=tuple(letters))
    return sorted(set(picked))


def parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise AnswerError("invalid.true_false")


def parse_bug_answer(text: str) -> tuple[int, str]:
    """`6`, `line 6`, `6: use the mask` → (6, "use the mask"); the fix is one line (the
    corrected line of code, or words)."""
    m = re.match(r"\s*(?:line|l|第)?\s*(\d+)\s*(?:行)?\s*[:,.;：，]?\s*(.*)$", text.strip(), re.I | re.S)
    if not m:
        raise AnswerError("invalid.bug_line")
    fix = m.group(2).strip()
    if len(fix) > 1 and fix[0] == fix[-1] == "`":  # `6: `w -= lr * w.grad`` as in Markdown
        fix = fix.strip("`").strip()
    return int(m.group(1)), fix


_RATINGS = {"1": 1, "again": 1, "a": 1, "2": 2, "hard": 2, "h": 2, "3": 3, "good": 3, "g": 3,
            "4": 4, "easy": 4, "e": 4, "重来": 1, "困难": 2, "良好": 3, "简单": 4}


def parse_rating(text: str) -> int:
    t = text.strip().lower()
    if t in _RATINGS:
        return _RATINGS[t]
    raise AnswerError("invalid.rating")
