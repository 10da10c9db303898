"""PDF through WeasyPrint: a font for the Chinese text first, and WeasyPrint's log kept quiet.

Without a font that has Chinese glyphs WeasyPrint logs one ".notdef glyph" warning per
character (~7,000 for a guide) and writes a PDF of empty boxes. So a PDF with CJK text is
refused, before the slow layout, unless fontconfig lists a Chinese font (`fc-list :lang=zh`,
the view Pango's own fontconfig has) or a font file with Chinese glyphs is given; and should
WeasyPrint still find no glyph for a CJK character, nothing is written either.

WeasyPrint's and fontTools' INFO and WARNING records (".notdef glyph ...", "Using fontTools
instead of HarfBuzz-Subset ...") stay off the terminal; their errors, and one summary line of
any other character printed as an empty box, go to `warn`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import QuizError, UsageError
from ..untrusted import clean_text

__all__ = ["MissingFontError", "has_cjk", "cjk_font_families", "require_cjk_font", "html_to_pdf"]

#: CJK radicals and punctuation, kana, unified ideographs (and extension A), Hangul,
#: compatibility ideographs and forms, full-width forms, ideographs of the supplementary planes.
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                  "\U00020000-\U0003134f]")
_LOGGERS = ("weasyprint", "fontTools")
#: the most frequent Chinese character: a font without it is no Chinese font
_PROBE = "的"


def has_cjk(text: str) -> bool:
    """Whether `text` holds a Chinese (or Japanese, Korean) character or CJK punctuation."""
    return _CJK.search(text) is not None


class MissingFontError(QuizError):
    """A PDF with Chinese text and no font to print it: it would show empty boxes."""

    def __init__(self, reason: str, *, option: str = "", platform: str | None = None) -> None:
        self.reason, self.option, self.platform = reason, option, platform or sys.platform
        super().__init__(f"{reason}: {_remedy(option, self.platform)}")

    def offering(self, option: str) -> MissingFontError:
        """The same error, its advice naming the command's font option (`--font FILE`)."""
        return MissingFontError(self.reason, option=option, platform=self.platform)


def _remedy(option: str, platform: str) -> str:
    if platform == "darwin":
        install = ("macOS has Chinese fonts in /System/Library/Fonts: run `fc-cache -f` so that "
                   "fontconfig (which WeasyPrint uses) finds them")
        give = f", or pass {option} with one of them" if option else ""
    else:
        install = ("install a Chinese font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; "
                   "Fedora: sudo dnf install google-noto-sans-cjk-fonts)")
        give = f", or pass {option} (a .ttf, .otf or .ttc font with Chinese glyphs)" if option else ""
    return f"{install}{give}, or write HTML instead"


def cjk_font_families() -> list[str] | None:
    """The font families fontconfig lists for Chinese; None when `fc-list` is not installed
    (Pango needs only fontconfig's library), and then only the layout itself can tell."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, ":lang=zh", "family"], capture_output=True, text=True, timeout=60,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def _font_has_chinese(path: Path) -> bool:
    """Whether the font file (a collection: its first font) has Chinese glyphs.

    Raises:
        UsageError: the file cannot be read as a font.
    """
    from fontTools.ttLib import TTFont

    try:
        with open(path, "rb") as file:  # TTFont(path) leaves the file open when it fails
            return ord(_PROBE) in (TTFont(file, fontNumber=0, lazy=True).getBestCmap() or {})
    except Exception as exc:  # fontTools raises many kinds for a file that is no font
        raise UsageError(f"--font {clean_text(str(path))}: not a font file that can be read "
                         f"({clean_text(str(exc)) or type(exc).__name__}): use a .ttf, .otf or .ttc file") from None


def require_cjk_font(*, font: Path | None = None,
                     installed: Callable[[], Sequence[str] | None] | None = None) -> None:
    """Refuse a PDF with Chinese text that no font can print.

    Args:
        font: a font file that the PDF embeds; enough when it has Chinese glyphs.
        installed: returns the Chinese font families installed (None: cannot tell); by
            default `cjk_font_families`, tests inject theirs.

    Raises:
        MissingFontError: neither `font` nor an installed font has Chinese glyphs.
        UsageError: `font` is not a font file.
    """
    if font is not None and _font_has_chinese(font):
        return
    if (installed or cjk_font_families)() == []:
        reason = "this PDF has Chinese text and no installed font has Chinese glyphs (it would print empty boxes)"
        if font is not None:
            reason += f"; nor has --font {clean_text(str(font))}"
        raise MissingFontError(reason)


def _stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _collected_log() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's and fontTools' records of WARNING and above, collected instead of shown."""
    handler = _Collect()
    saved = [(logger, logger.propagate) for logger in map(logging.getLogger, _LOGGERS)]
    for logger, _ in saved:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield handler.records
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


def _missing_glyph(record: logging.LogRecord) -> str | None:
    """The character of a ".notdef glyph rendered for ..." record, else None."""
    if record.msg.startswith(".notdef glyph") and record.args and isinstance(record.args[0], str):
        return record.args[0]
    return None


def html_to_pdf(html: str, *, base_url: str, warn: Callable[[str], None] | None = None) -> bytes:
    """Lay `html` out as PDF, WeasyPrint's log collected instead of shown.

    Args:
        html: the document; its fonts were checked (`require_cjk_font`) if it has CJK text.
        base_url: where relative URLs point.
        warn: receives one line per error WeasyPrint logged (an SVG formula or an image
            that failed) and one for characters printed as empty boxes; by default they are
            printed on stderr.

    Raises:
        MissingFontError: a CJK character had no glyph in any font, after all.
    """
    from weasyprint import HTML

    warn = warn or _stderr
    with _collected_log() as records:
        data = HTML(string=html, base_url=base_url).write_pdf()
    missing = sorted({c for c in map(_missing_glyph, records) if c})
    boxes = [c for c in missing if has_cjk(c)]
    if boxes:
        raise MissingFontError(f"{len(boxes)} Chinese characters of this PDF have no glyph in any font it can use "
                               f"(such as {' '.join(boxes[:5])})")
    if missing:
        shown = " ".join(f"U+{ord(c):04X}" for c in missing[:8])
        warn(f"PDF: {len(missing)} characters have no glyph in the installed fonts and print as "
             f"empty boxes: {shown}{' ...' if len(missing) > 8 else ''}")
    errors = dict.fromkeys(clean_text(r.getMessage()) for r in records if r.levelno >= logging.ERROR)
    for message in errors:
        warn(f"PDF: {message}")
    return data
