"""Untrusted text made safe to show: a submission's messages, output and names.

A submission is hostile code, and so is every string it can influence: exception messages,
printed output, function names, the file name it was given. Shown as they are, such strings
can drive a terminal (ESC sequences move the cursor, erase lines, write the clipboard with
OSC 52), reorder what a reader sees (Unicode bidi overrides), or run in a browser once a
Markdown report is rendered (`<script>`, `<img onerror>`, `[x](javascript:...)`).

`clean_text` replaces every character that acts instead of showing with a visible stand-in
(ESC becomes the four characters `\\x1b`), so nothing is lost and nothing acts;
`markdown_text` and `markdown_fence` make a string inert in a Markdown table cell or in a
block of its own. HTML needs only `clean_text`: Jinja's autoescape does the rest.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "markdown_text", "markdown_fence"]

#: Unicode categories that act instead of showing: controls (C0, DEL, C1), format characters
#: (bidi controls U+200E/U+200F/U+202A-U+202E/U+2066-U+2069, zero-width spaces and joiners,
#: U+FEFF, tag characters), lone surrogates, and the line and paragraph separators.
_HIDING = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e]")  # the only characters worth a category look-up
_MARKDOWN = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "|": "\\|",
             "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
             "~": "\\~", "$": "\\$"}
# `_` inside a word (sigmoid_backward) never starts emphasis: left as it is, for readability
_MARKDOWN_SPECIAL = re.compile("[" + re.escape("".join(sorted(set(_MARKDOWN) - {"_"}))) + "]"
                               + r"|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BACKTICKS = re.compile(r"`+")


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    if unicodedata.category(ch) not in _HIDING:
        return ch
    if ch == "\r":
        return "\\r"
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def clean_text(s: str) -> str:
    """`s` with every control and invisible format character written out as an escape.

    Newlines and tabs stay; a Windows line ending ("\\r\\n") becomes "\\n"; any other
    "\\r", ESC, BEL, backspace, DEL, C1 control, bidi control or zero-width character becomes
    its Python escape (`\\x1b`, `\\u202e`), so the text shows what was there and cannot
    move the cursor, rewrite a line, or reorder what a reader sees.

    Args:
        s: text that came from a submission.

    Returns:
        The same text, safe to print to a terminal or put into a document.
    """
    return _SUSPECT.sub(_stand_in, str(s).replace("\r\n", "\n"))


def markdown_text(s: str) -> str:
    """`s` cleaned and made inert inside a Markdown table cell, on one line.

    HTML's special characters become entities (so `<script>` and `<img onerror=...>` show as
    text), Markdown's inline markup is backslash-escaped (links, emphasis, code spans, the
    cell separator `|`), and newlines become `<br>`.

    Args:
        s: text that came from a submission.

    Returns:
        Markdown source that renders as exactly the (cleaned) text.
    """
    text = _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN[m.group()], clean_text(s))
    return text.replace("\t", " ").replace("\n", "<br>")


def markdown_fence(s: str, *, info: str = "text") -> str:
    """`s` cleaned, as a fenced code block whose fence no line of `s` can close.

    Inside a fence Markdown shows text as it is, HTML included; the fence is one backtick
    longer than the longest run of backticks in `s` (and at least three).

    Args:
        s: multi-line text that came from a submission.
        info: the info string after the opening fence.

    Returns:
        The block, without a trailing newline.
    """
    text = clean_text(s).rstrip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"
