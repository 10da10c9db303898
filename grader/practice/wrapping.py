"""Line breaking for the terminal: Chinese breaks between characters, Latin text at spaces.

rich wraps only at spaces, so to rich a Chinese sentence is one long word: it moves whole
to the next line (leaving "那 P" alone at the end of the line before) or, when longer than
a line, is chopped at the width wherever that falls, before a "，" too. Here the places
where a line may end come from the Unicode line breaking algorithm (UAX #14, as the
`uniseg` package implements it), which breaks between Chinese characters but never before
"，。：；）" nor after "（"; it is tailored so that Latin text still breaks only at spaces,
never inside a word, a number, a flag such as `--new-per-day` or a path.

`Wrapped` renders a rich `Text` by these rules, `Markdown` renders its
paragraphs as `WrappedText`, and `hanging` puts a label ("  a) ", "• ") before a text
whose continuation lines start under the text rather than under the label.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.containers import Lines
from rich.markdown import Markdown as _RichMarkdown, Paragraph as _RichParagraph
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

__all__ = ["break_points", "divide_line", "wrap", "Wrapped", "Markdown", "hanging", "split_label"]

#: a label that continuation lines hang under: an option letter ("  a) "), a bullet, a
#: verdict mark, a numbered code line ("  6 | ")
_LABEL = re.compile(r"( *(?:[a-z]\)|[•✔✘]|\d+ \|) )(?=.)")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.lru_cache(maxsize=4096)
def break_points(text: str) -> tuple[int, ...]:
    """Offsets `i` where a line may end before `text[i]`, in order (0 and len(text) excluded).

    UAX #14's opportunities, kept after a space or next to a wide (CJK) character only.
    """
    from uniseg.linebreak import line_break_boundaries

    return tuple(i for i in line_break_boundaries(text)
                 if 0 < i < len(text) and (text[i - 1].isspace() or _wide(text[i - 1]) or _wide(text[i])))


def _pieces(text: str) -> list[tuple[int, str]]:
    """The text cut at every break point: (offset, piece), a piece keeping its trailing spaces."""
    cuts = [0, *break_points(text), len(text)]
    return [(start, text[start:end]) for start, end in zip(cuts, cuts[1:]) if end > start]


def divide_line(text: str, width: int, *, fold: bool = True) -> list[int]:
    """Offsets to break one line of text at so that each part fits in `width` cells.

    rich's `divide_line` with UAX #14 break points instead of spaces: greedy, trailing spaces
    may hang past the edge, and a piece wider than a whole line is folded at the width.
    """
    breaks: list[int] = []
    used = 0  # cells on the current line
    for start, piece in _pieces(text):
        needed = cell_len(piece.rstrip())
        if used + needed <= width:
            used += cell_len(piece)
        elif needed <= width or not fold:
            if used:
                breaks.append(start)
            used = cell_len(piece)
        else:  # wider than a line: fold it, as rich does
            if used:
                breaks.append(start)
            chunks = chop_cells(piece, width)
            for chunk in chunks[:-1]:
                start += len(chunk)
                breaks.append(start)
            used = cell_len(chunks[-1])
    return breaks


def wrap(text: str, width: int) -> list[str]:
    """Plain text wrapped to `width` cells (each line of the text on its own), trailing spaces cut."""
    out = []
    for line in text.split("\n"):
        cuts = [0, *divide_line(line, width), len(line)]
        out += [line[a:b].rstrip() for a, b in zip(cuts, cuts[1:])]
    return out


class Wrapped:
    """A rich `Text` that wraps by `divide_line` (Chinese between characters).

    A renderable holding the text rather than a `Text` subclass: `Console.print` joins bare
    `Text`s into a plain one, which would wrap by rich's rules again.
    """

    def __init__(self, text: Text | str, style: str = "") -> None:
        self.text = Text(text, style=style) if isinstance(text, str) else text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """`Text.__rich_console__` and `Text.wrap`, with these break points."""
        text = self.text
        justify = text.justify or options.justify or "default"
        overflow = text.overflow or options.overflow or "fold"
        tab_size = text.tab_size or console.tab_size or 8
        if text.no_wrap or options.no_wrap or overflow == "ignore":
            lines = text.wrap(console, options.max_width, justify=justify, overflow=overflow,
                              tab_size=tab_size, no_wrap=True)
        else:
            lines = Lines()
            for line in text.split(allow_blank=True):
                if "\t" in line:
                    line.expand_tabs(tab_size)
                parts = line.divide(divide_line(line.plain, options.max_width, fold=overflow == "fold"))
                for part in parts:
                    part.rstrip_end(options.max_width)
                parts.justify(console, options.max_width, justify=justify, overflow=overflow)
                for part in parts:
                    part.truncate(options.max_width, overflow=overflow)
                lines.extend(parts)
        yield from Text("\n").join(lines).render(console, end=text.end)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """From the widest unbreakable piece to the widest line (rich's: the widest word)."""
        lines = self.text.plain.splitlines()
        widest = max((cell_len(line) for line in lines), default=0)
        pieces = [cell_len(piece.rstrip()) for line in lines for _, piece in _pieces(line)]
        return Measurement(max(pieces, default=widest), widest)


class _Paragraph(_RichParagraph):
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.text.justify = self.justify
        yield Wrapped(self.text)


class Markdown(_RichMarkdown):
    """rich's Markdown whose paragraphs (in lists too) wrap by UAX #14."""

    elements = {**_RichMarkdown.elements, "paragraph_open": _Paragraph}


def split_label(text: str) -> tuple[str, str]:
    """("  a) ", "the option") for a labelled line, ("", text) otherwise."""
    m = _LABEL.match(text)
    return (m.group(1), text[m.end():]) if m else ("", text)


def hanging(label: Text, body: Wrapped) -> Table:
    """`label` then `body`, the body's continuation lines under its first character."""
    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True, width=cell_len(label.plain))
    grid.add_column()
    grid.add_row(label, body)
    return grid
