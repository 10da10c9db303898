"""Bank text (Markdown with LaTeX in `$...$`) to HTML, with math rendered offline.

Math becomes MathML for HTML (browsers lay it out) or inline SVG for PDF (WeasyPrint does not
lay out MathML; ziamath draws the formula with its own math font). Math is cut out before the
Markdown pass and put back after it, so Markdown never mangles `_` or `*` inside a formula.

For SVG the MathML is adjusted before ziamath draws it (`_space_limits`): ziamath gives a big
operator its spacing inside the operator's own box, so limits wider than the operator ran into
the next one (`\\sum_{u=0}^{KH-1}\\sum_{v=0}^{KW-1}` printed "KH − 1KW − 1").
"""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

__all__ = ["markdown_html", "math_html"]

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


@functools.lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


@functools.lru_cache(maxsize=4096)
def _svg(tex: str, display: bool) -> str:
    with _root_logger_left_alone():
        import ziamath
        from ziamath.tex import tex2mml

        mathml = ET.fromstring(tex2mml(tex, inline=not display))  # inline: limits as scripts, as TeX does
        _space_limits(mathml)
        return ziamath.Math(mathml, size=15 if display else 13).svg()


_SCRIPTED = {"munderover", "munder", "mover", "msubsup", "msub", "msup"}
_LARGE_OPERATORS = set("∑∏∐⋃⋂⋁⋀⨁⨂⨀∫∬∭∮")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _space_limits(mathml: ET.Element) -> None:
    """Give each operator with limits (`\\sum_{i=1}^{n}`, `\\max_x`) spacing as in TeX: none
    inside the operator, where it would widen only the operator and not its limits, and a
    space after the whole operator, limits included (a little wider than TeX's thin space,
    so that the upper limits of two sums in a row read apart)."""
    for parent in list(mathml.iter()):  # a snapshot: spaces are inserted on the way
        children = list(parent)
        for i, child in reversed(list(enumerate(children))):
            if _local(child.tag) not in _SCRIPTED or not len(child) or _local(child[0].tag) != "mo":
                continue
            name = (child[0].text or "").strip()
            if not (name in _LARGE_OPERATORS or name.isalpha()):  # not `)^2`, not `\overset{..}{=}`
                continue
            child[0].set("rspace", "0")
            if i + 1 < len(children):
                parent.insert(i + 1, ET.Element("mspace", width="mediummathspace"))


@contextlib.contextmanager
def _root_logger_left_alone():
    """ziafont logs through the root logger (`logging.debug(...)`), and the first such call
    configures the root logger with a stderr handler, after which every library's warnings
    (WeasyPrint's thousands of them) reach the terminal. A handler present during the call
    prevents that; it is removed afterwards."""
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    guard = logging.NullHandler()
    root.addHandler(guard)
    try:
        yield
    finally:
        root.removeHandler(guard)


@functools.lru_cache(maxsize=4096)
def _mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    return convert(tex, display="block" if display else "inline")


#: full-width punctuation that ends a formula (`= {{answer}}。$$`): set as text after it
_CJK_PUNCTUATION_AT_END = re.compile(r"\s*([\u3000-\u303f\uff00-\uffef]+)\s*$")


def math_html(tex: str, *, display: bool = False, mode: str = "mathml") -> str:
    """One formula as MathML or SVG; the LaTeX itself when it cannot be rendered.

    ziamath's math font has no Chinese glyphs, so for SVG a formula with Chinese text
    (`\\text{窗口}`) is set as Unicode text instead, in the page's fonts.
    """
    try:
        if mode == "svg":
            from .pdf import has_cjk

            cls = "math-display" if display else "math-inline"
            tail = ""
            if m := _CJK_PUNCTUATION_AT_END.search(tex):
                tex, tail = tex[:m.start()], m.group(1)
            if has_cjk(tex):
                return f'<span class="{cls} math-text">{_text_math(tex)}{tail}</span>'
            svg = _unique_ids(_svg(tex, display))
            return f'<span class="{cls}" role="img" aria-label="{html.escape(tex)}">{svg}{tail}</span>'
        return _mathml(tex, display)
    except Exception:  # an unsupported command: show the source rather than fail the page
        return f'<code class="math-source">{html.escape(tex)}</code>'


_SPACED = set("=<>≤≥≈≠≡∼←→⇒∈∉⊂⊆+−±×·∣")
_ACCENTS = {"^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "¯": "\u0304", "‾": "\u0304",
            ".": "\u0307", "˙": "\u0307", "→": "\u20d7"}


@functools.lru_cache(maxsize=1024)
def _text_math(tex: str) -> str:
    """A formula as HTML text with sub- and superscripts, for what ziamath cannot draw."""
    from latex2mathml.converter import convert

    return _html_of(ET.fromstring(convert(tex, display="inline")))


def _html_of(node: ET.Element, script: bool = False) -> str:
    """MathML (latex2mathml's subset) as inline HTML: scripts as <sub>/<sup>, fractions a/b,
    a table (`cases`) as stacked rows; spaces around relations and operators, not in scripts."""
    tag, kids = _local(node.tag), list(node)
    raw = (node.text or "").replace("\\_", "_")
    text = html.escape(raw)
    first, *scripts = [_html_of(k, script or (i > 0 and tag in _SCRIPTED)) for i, k in enumerate(kids)] or [""]
    inner = [first, *scripts] if kids else []
    if tag == "mi":
        return f"<i>{text}</i>" if len(raw) == 1 and node.get("mathvariant") != "normal" else text
    if tag in ("mn", "mtext", "ms"):
        return text
    if tag == "mo":
        return f" {text} " if raw in _SPACED and not script else text
    if tag == "mspace":
        return " "
    if tag in ("msub", "munder") and len(inner) == 2:
        return f"{first}<sub>{scripts[0]}</sub>"
    if tag in ("msup", "mover") and len(inner) == 2:
        accent = _ACCENTS.get((kids[1].text or "").strip()) if node.get("accent") == "true" else None
        if accent:  # a combining mark, inside the base's element so that it combines
            return f"{first[:-4]}{accent}</i>" if first.endswith("</i>") else f"{first}{accent}"
        return f"{first}<sup>{scripts[0]}</sup>"
    if tag in ("msubsup", "munderover") and len(inner) == 3:
        return f"{first}<sub>{scripts[0]}</sub><sup>{scripts[1]}</sup>"
    if tag == "mfrac" and len(inner) == 2:
        num, den = (f"({h})" if len(k) > 1 else h for k, h in zip(kids, inner))
        return f"{num}/{den}"
    if tag == "msqrt":
        return f"√{first}" if len(kids) == 1 and not len(kids[0]) else f"√({''.join(inner)})"
    if tag == "mtable":
        return '<span class="math-rows">' + "".join(f"<span>{h}</span>" for h in inner) + "</span>"
    if tag == "mtd":
        return "".join(inner) + " "
    if tag == "mphantom":
        return ""
    return "".join(inner)


_counter = iter(range(1, 1 << 62))


def _unique_ids(svg: str) -> str:
    """ziamath names glyph symbols by font and glyph; prefix them so that many formulas can
    share one document without duplicate ids."""
    prefix = f"m{next(_counter)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)


def markdown_html(text: str, *, math: str = "mathml", inline: bool = False) -> Markup:
    """Render bank Markdown; `inline` drops the wrapping paragraph for short texts."""
    formulas: list[str] = []

    def cut(m: re.Match) -> str:
        display = m.group(1) is not None
        formulas.append(math_html((m.group(1) or m.group(2)).strip(), display=display, mode=math))
        return f"\uE000{len(formulas) - 1}\uE001"

    body = _md().renderInline(_MATH.sub(cut, text)) if inline else _md().render(_MATH.sub(cut, text))
    body = re.sub("\uE000(\\d+)\uE001", lambda m: formulas[int(m.group(1))], body)
    return Markup(body)
