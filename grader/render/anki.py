"""Anki packages of the concept questions (`quiz export anki`): one note per question.

A note's front is the prompt with what the kind puts under it (options, numbered code, the
answer format); its back is the answer, why each option is right or wrong, the model answer,
the fix, and the explanation. The kind's fields come from its `view`, as on printed sheets.
Text is rendered from Markdown like a sheet's, but math is left to Anki's MathJax: `$...$`
becomes `\\(...\\)` and `$$...$$` becomes `\\[...\\]`, HTML-escaped inside.

Ids are stable, so that importing a new export updates the notes already studied instead of
adding copies: a note's GUID comes from the question id (and the instance of a numeric
template), never from its text; the deck and note-type ids are fixed numbers derived from
their names. A numeric template (a question with `params`) becomes `INSTANCES` notes with
different parameters, drawn with seeds taken from the question id.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import random
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from ..atomic import write_atomic
from ..banks import Bank
from ..banks.numeric import draw_params
from ..errors import UsageError
from .documents import question_view
from .markup import _MATH, _md  # the sheets' math pattern and Markdown parser: a card reads as a sheet does

__all__ = ["INSTANCES", "AnkiNote", "Export", "anki_html", "check_output", "deck_id", "model_id",
           "notes", "package", "stable_id", "write_anki"]

#: notes per numeric template, each with its own parameters
INSTANCES = 3

_DECK_NAMES = {"en": "Deep-learning interview questions", "zh": "深度学习面试题",
               "both": "Deep-learning interview questions · 深度学习面试题"}
_DECK_DESCRIPTION = ("Concept questions of dl-interview-quiz, made by <code>quiz export anki</code>. "
                     "Importing a newer export updates these notes and keeps their reviews.")
_WORDS = {
    "en": {"answer": "Answer", "explanation": "Explanation", "key_points": "Key points", "fix": "Fix",
           "format": "Answer format", "unit": "unit", "line": "line %s", "colon": ": "},
    "zh": {"answer": "答案", "explanation": "解析", "key_points": "要点", "fix": "修改",
           "format": "答案格式", "unit": "单位", "line": "第 %s 行", "colon": "："},
}


def stable_id(name: str) -> int:
    """A fixed id for `name` in the range genanki recommends ([2**30, 2**31)), from SHA-256:
    the same in every run and on every machine (unlike `hash`)."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big")
    return (1 << 30) | (digest & ((1 << 30) - 1))


def deck_id(lang: str) -> int:
    return stable_id(f"dl-interview-quiz.anki.deck.{lang}")


def model_id(lang: str) -> int:
    """One note type for a single language (fields Front, Back, Id), one for both."""
    return stable_id(f"dl-interview-quiz.anki.model.{'both' if lang == 'both' else 'single'}")


def anki_html(text: str, *, inline: bool = False) -> str:
    """Bank Markdown as HTML for an Anki field: math as MathJax `\\(...\\)` / `\\[...\\]`.

    Math is cut out before the Markdown pass and put back after it, as in
    `markup.markdown_html`, so that Markdown never mangles `_` or `*` inside a formula.
    """
    formulas: list[str] = []

    def cut(m: re.Match) -> str:
        tex = html.escape((m.group(1) or m.group(2)).strip(), quote=False)
        formulas.append(rf"\[{tex}\]" if m.group(1) is not None else rf"\({tex}\)")
        return f"\uE000{len(formulas) - 1}\uE001"

    body = _MATH.sub(cut, text.strip())
    body = _md().renderInline(body) if inline else _md().render(body).strip()
    return re.sub("\uE000(\\d+)\uE001", lambda m: formulas[int(m.group(1))], body)


def _code(lines: Sequence[str], *, numbered: bool = False) -> str:
    if numbered:
        width = len(str(len(lines)))
        lines = [f"{i:>{width}} | {line}" for i, line in enumerate(lines, 1)]
    return f"<pre><code>{html.escape(chr(10).join(lines), quote=False)}</code></pre>"


def _front(v: dict[str, Any], words: dict[str, str]) -> str:
    parts = [f'<div class="label">{html.escape(v["label"])}</div>', anki_html(v["prompt"])]
    if v["options"]:
        parts.append('<ul class="options">' + "".join(
            f'<li><span class="letter">{o["letter"]})</span> {anki_html(o["text"], inline=True)}</li>'
            for o in v["options"]) + "</ul>")
    if v["code_lines"]:
        parts.append(_code(v["code_lines"], numbered=True))
    if v["format"]:
        c = words["colon"]
        unit = f' ({words["unit"]}{c}{anki_html(v["unit"], inline=True)})' if v["unit"] else ""
        parts.append(f'<div class="meta">{words["format"]}{c}{anki_html(v["format"], inline=True)}{unit}</div>')
    return "\n".join(parts)


def _back(v: dict[str, Any], words: dict[str, str]) -> str:
    answer = v["answer"]
    if v["kind"] == "spot_the_bug":
        answer = words["line"] % answer
    unit = f' {anki_html(v["unit"], inline=True)}' if v["unit"] and v["kind"] == "numeric" else ""
    c = words["colon"]
    shown = c.strip() if v["kind"] == "short" else f"{c}{anki_html(answer, inline=True)}{unit}"
    parts = [f'<div class="answer">{words["answer"]}{shown}</div>']
    if v["options"]:
        parts.append('<ul class="why">' + "".join(
            f'<li class="{"right" if o["correct"] else "wrong"}"><span class="letter">{o["letter"]})</span> '
            f'{anki_html(o["why"], inline=True)}</li>' for o in v["options"]) + "</ul>")
    if v["kind"] == "short":
        parts.append(anki_html(answer))
        parts.append(f'<div><strong>{words["key_points"]}{c.strip()}</strong></div><ul class="points">'
                     + "".join(f"<li>{anki_html(p, inline=True)}</li>" for p in v["key_points"]) + "</ul>")
    if v["fixed_line"]:
        parts.append(f'<div>{words["fix"]}{c.strip()}</div>{_code([v["fixed_line"].strip()])}')
        parts.append(anki_html(v["fix"]))
    parts.append(f'<div class="explanation"><strong>{words["explanation"]}{c.strip()}</strong></div>'
                 + anki_html(v["explanation"]))
    return "\n".join(parts)


@dataclass(frozen=True)
class AnkiNote:
    """One note: its GUID, fields (Front, Back[, FrontZh, BackZh], Id) and tags."""

    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    question_id: str
    instance: int | None = None


def _tags(q) -> tuple[str, ...]:
    own = (re.sub(r"\s+", "_", t.strip()) for t in q.tags)
    return tuple(dict.fromkeys([f"topic::{q.topic}", f"kind::{q.kind}", f"difficulty::{q.difficulty}",
                                *(t for t in own if t)]))


def _seeds(q) -> list[tuple[int | None, str]]:
    """(instance, seed) of each note of `q`: one, or `INSTANCES` with different parameters
    for a numeric template (fewer when it has fewer valid combinations)."""
    if q.kind != "numeric" or not q.params:
        return [(None, f"anki:{q.id}")]
    seen: set[tuple] = set()
    out: list[tuple[int | None, str]] = []
    for attempt in range(20 * INSTANCES):
        seed = f"anki:{q.id}:{attempt}"
        drawn = tuple(sorted(draw_params(q, random.Random(seed)).items()))
        if drawn not in seen:
            seen.add(drawn)
            out.append((len(out), seed))
            if len(out) == INSTANCES:
                break
    return out


def notes(bank: Bank, *, topics: Sequence[str] = (), kinds: Sequence[str] = (), lang: str = "en"
          ) -> list[AnkiNote]:
    """The notes of the chosen questions, by topic then id.

    Raises:
        UsageError: an unknown topic, or no question of these topics and kinds.
    """
    chosen = bank.require_topics(topics)
    questions = sorted((q for q in bank.questions.values() if q.topic in chosen and (not kinds or q.kind in kinds)),
                       key=lambda q: (chosen.index(q.topic), q.id))
    if not questions:
        raise UsageError(f"no questions of topics {', '.join(chosen)} and kinds {', '.join(kinds) or 'any'}")
    langs = ("en", "zh") if lang == "both" else (lang,)
    out = []
    for q in questions:
        for instance, seed in _seeds(q):
            sides: list[str] = []
            for one in langs:  # the same seed: the same parameters and order of options in both
                v = question_view(q, one, random.Random(seed))
                sides += [_front(v, _WORDS[one]), _back(v, _WORDS[one])]
            shown_id = q.id if instance is None else f"{q.id}#{instance + 1}"
            guid = genanki.guid_for(q.id, lang) if instance is None else genanki.guid_for(q.id, instance, lang)
            # Anki separates fields with \x1f: none may hold one
            fields = tuple(f.replace("\x1f", "") for f in (*sides, shown_id))
            out.append(AnkiNote(guid, fields, _tags(q), q.id, instance))
    return out


_CSS = """\
.card { font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif;
        font-size: 18px; line-height: 1.45; text-align: left; max-width: 46em; margin: 0 auto; }
.label, .meta, .qid { color: #666; font-size: 0.85em; }
.qid { margin-top: 1.5em; font-family: monospace; }
.options, .why, .points { padding-left: 1.2em; }
.options li, .why li { list-style: none; margin: 0.2em 0; }
.letter { font-weight: bold; margin-right: 0.3em; }
.why .right .letter { color: #1a7f37; }
.why .wrong .letter { color: #b42318; }
.answer { font-weight: bold; margin-bottom: 0.4em; }
pre { background: #f5f5f5; padding: 0.5em 0.7em; overflow-x: auto; font-size: 0.85em; }
.nightMode pre { background: #2b2b2b; }
hr.lang { border: none; border-top: 1px dashed #999; }
"""


def _model(lang: str) -> genanki.Model:
    if lang == "both":
        fields, front = ["Front", "Back", "FrontZh", "BackZh", "Id"], '{{Front}}<hr class="lang">{{FrontZh}}'
        back = '{{FrontSide}}<hr id="answer">{{Back}}<hr class="lang">{{BackZh}}'
        name = "Deep-learning quiz question (en + zh)"
    else:
        fields, front, back = ["Front", "Back", "Id"], "{{Front}}", '{{FrontSide}}<hr id="answer">{{Back}}'
        name = "Deep-learning quiz question"
    return genanki.Model(model_id(lang), name, fields=[{"name": f} for f in fields], css=_CSS,
                         templates=[{"name": "Card 1", "qfmt": front,
                                     "afmt": back + '<div class="qid">{{Id}}</div>'}])


def package(chosen: Sequence[AnkiNote], *, lang: str = "en", timestamp: float | None = None) -> bytes:
    """The notes as an .apkg (a zip holding the SQLite collection `collection.anki2`).

    Args:
        timestamp: the notes' modification time (seconds since the epoch; default now).
            Anki updates a note on import only when the package's copy is newer.
    """
    model = _model(lang)
    deck = genanki.Deck(deck_id(lang), _DECK_NAMES[lang], description=_DECK_DESCRIPTION)
    deck.add_model(model)
    for n in chosen:
        deck.add_note(genanki.Note(model=model, fields=list(n.fields), tags=list(n.tags), guid=n.guid))
    timestamp = time.time() if timestamp is None else timestamp
    # genanki's own `write_to_file` leaves its temporary database behind; this removes it
    with tempfile.TemporaryDirectory(prefix="quiz-anki-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            genanki.Package(deck).write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(db, "collection.anki2")
            z.writestr("media", "{}")
    return buffer.getvalue()


@dataclass(frozen=True)
class Export:
    """What `write_anki` wrote: the file, its notes, and the questions they come from."""

    path: Path
    notes: int
    questions: int


def check_output(path: Path) -> None:
    """Refuse, before the deck is built, a file Anki would not import or that cannot be written."""
    if path.suffix.lower() != ".apkg":
        raise UsageError(f"{path}: Anki imports packages named .apkg: name the file deck.apkg")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a directory")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: no such directory {path.parent}")


def write_anki(bank: Bank, output: Path, *, topics: Sequence[str] = (), kinds: Sequence[str] = (),
               lang: str = "en", timestamp: float | None = None) -> Export:
    """Write the chosen questions to `output` as an Anki package, atomically.

    Raises:
        UsageError: a bad output path, an unknown topic, or no matching question.
    """
    output = Path(output)
    check_output(output)
    chosen = notes(bank, topics=topics, kinds=kinds, lang=lang)
    path = write_atomic(output, package(chosen, lang=lang, timestamp=timestamp))
    return Export(path, len(chosen), len({n.question_id for n in chosen}))
