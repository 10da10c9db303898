"""Bank text (Markdown with LaTeX in `$...$`) to HTML, with math rendered offline.

Math becomes MathML for HTML (browsers lay it out) or inline SVG for PDF (WeasyPrint does not
lay out MathML; ziamath draws the formula with its own math font). Math is cut out before the
Markdown pass and put back after it, so Markdown never mangles `_` or `*` inside a formula.
"""

from __future__ import annotations

import functools
import html
import re

from markupsafe import Markup

__all__ = ["markdown_html", "math_html"]

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


@functools.lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


@functools.lru_cache(maxsize=4096)
def _svg(tex: str, display: bool) -> str:
    import ziamath

    return ziamath.Latex(tex, size=15 if display else 13).svg()


@functools.lru_cache(maxsize=4096)
def _mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    return convert(tex, display="block" if display else "inline")


def math_html(tex: str, *, display: bool = False, mode: str = "mathml") -> str:
    """One formula as MathML or SVG; the LaTeX itself when it cannot be rendered."""
    try:
        if mode == "svg":
            svg = _unique_ids(_svg(tex, display))
            cls = "math-display" if display else "math-inline"
            return f'<span class="{cls}" role="img" aria-label="{html.escape(tex)}">{svg}</span>'
        return _mathml(tex, display)
    except Exception:  # an unsupported command: show the source rather than fail the page
        return f'<code class="math-source">{html.escape(tex)}</code>'


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
