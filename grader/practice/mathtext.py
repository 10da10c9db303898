"""LaTeX math (`$...$`) made readable in a terminal: Unicode symbols, sub- and superscripts.

Symbols and accents come from `pylatexenc`; fractions are bracketed so that
`\\frac{1}{1 + e^{-x}}` reads `1/(1 + e⁻ˣ)`, and short scripts become Unicode
sub/superscripts where every character has one (`x_{i}^{2}` → `xᵢ²`).
"""

from __future__ import annotations

import functools
import re

__all__ = ["math_to_text", "render_math", "render_text"]

_SUP = dict(zip("0123456789+-=()nixTabcdefghklmoprstuvwyzABDEGHIJKLMNOPRUVW",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣᵀᵃᵇᶜᵈᵉᶠᵍʰᵏˡᵐᵒᵖʳˢᵗᵘᵛʷʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_SCRIPT = re.compile(r"(?<!\\)([_^])(\{([^{}]*)\}|([A-Za-z0-9]))")  # not an escaped \_


@functools.lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db().filter_context(keep_categories=None)
    db.add_context_category("quiz", prepend=True, macros=[
        MacroTextSpec("frac", simplify_repl="(%(1)s)/(%(2)s)"),
        MacroTextSpec("dfrac", simplify_repl="(%(1)s)/(%(2)s)"),
        MacroTextSpec("tfrac", simplify_repl="(%(1)s)/(%(2)s)"),
        MacroTextSpec("text", simplify_repl="%(1)s"),
        MacroTextSpec("mathrm", simplify_repl="%(1)s"),
        MacroTextSpec("operatorname", simplify_repl="%(1)s"),
        MacroTextSpec("left", simplify_repl=""),
        MacroTextSpec("right", simplify_repl=""),
        MacroTextSpec("quad", simplify_repl="  "),
        MacroTextSpec("qquad", simplify_repl="    "),
        MacroTextSpec("odot", simplify_repl="⊙"),
        MacroTextSpec("ne", simplify_repl="≠"),
        MacroTextSpec("neq", simplify_repl="≠"),
        MacroTextSpec("top", simplify_repl="ᵀ"),
        MacroTextSpec("|", simplify_repl="‖"),  # a norm: \|g\|
        MacroTextSpec("lfloor", simplify_repl="⌊"),
        MacroTextSpec("rfloor", simplify_repl="⌋"),
        MacroTextSpec("lceil", simplify_repl="⌈"),
        MacroTextSpec("rceil", simplify_repl="⌉"),
    ])
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=False)


#: macros the parser must know to read their arguments (the text side is `_converter`'s)
_ARGUMENTS = {"tfrac": "{{", "dfrac": "{{", "frac": "{{", "operatorname": "{", "text": "{",
              "mathrm": "{", "mathbf": "{", "mathbb": "{", "mathcal": "{", "overline": "{",
              "hat": "{", "tilde": "{", "bar": "{", "boldsymbol": "{", "textbf": "{", "mathit": "{"}


@functools.lru_cache(maxsize=1)
def _parser_db():
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    db = get_default_latex_context_db()
    db.add_context_category("quiz", prepend=True,
                            macros=[MacroSpec(name, args) for name, args in _ARGUMENTS.items()])
    return db


def _to_text(tex: str) -> str:
    from pylatexenc.latexwalker import LatexWalker

    nodes, _, _ = LatexWalker(tex, latex_context=_parser_db(), tolerant_parsing=False).get_latex_nodes()
    return _converter().nodelist_to_text(nodes)


def _scripts(tex: str) -> str:
    """Turn `_{..}`/`^{..}` into Unicode scripts where possible, else `_(..)`/`^(..)`."""
    def sub(m: re.Match) -> str:
        kind, body = m.group(1), m.group(3) if m.group(3) is not None else m.group(4)
        table = _SUP if kind == "^" else _SUB
        if body and "\\" not in body and all(c in table for c in body):
            return "".join(table[c] for c in body)
        if m.group(3) is not None and (len(body) > 1 or "\\" in body):
            return f"{kind}({body})"
        return m.group(0)
    prev = None
    while prev != tex:
        prev, tex = tex, _SCRIPT.sub(sub, tex)
    return tex


def math_to_text(tex: str) -> str:
    """One LaTeX math expression as plain Unicode text."""
    tex = re.sub(r"\^(\{\\top\}|\\top)", "ᵀ", tex)  # braces only as a pair: \frac{QK^\top}{…}
    tex = re.sub(r"(\\[A-Za-z]+)([_^])", r"\1 \2", tex)  # keep `\sum_i` a macro
    try:
        out = _to_text(_scripts(tex))
    except Exception:  # malformed LaTeX: show it as written rather than fail the session
        return tex
    # drop a fraction's brackets around one number or one name only: 1/(2a) keeps its own
    atom = r"(\d+(?:\.\d+)?|[^\W\d][\w]*)"
    out = re.sub(rf"\({atom}\)/", r"\1/", out)
    out = re.sub(rf"/\({atom}\)", r"/\1", out)
    out = re.sub(r"\s*([≥≤≳≲∈≠≈→⇒×=±·])\s*", r" \1 ", out)  # pylatexenc eats the space after these
    out = re.sub(r"\s+([⌋⌉])", r"\1", out)
    out = re.sub(r"([⌋⌉])([+\-=])", r"\1 \2", out)
    return re.sub(r"[ \t]+", " ", out).strip()


def render_math(text: str) -> str:
    """Replace every `$...$` and `$$...$$` in a text by its Unicode rendering."""
    return _MATH.sub(lambda m: math_to_text(m.group(1) or m.group(2)), text)


_FENCE = re.compile(r"^```[\w+-]*\s*\n(.*?)^```\s*$", re.S | re.M)


def render_text(text: str) -> str:
    """Markdown prose for a plain terminal: math as Unicode, and fenced code blocks shown as
    code (indented by four spaces, fences dropped, their contents left exactly as written)."""
    out, last = [], 0
    for m in _FENCE.finditer(text):
        out.append(render_math(text[last:m.start()]))
        out.append("\n".join("    " + line if line.strip() else "" for line in m.group(1).rstrip("\n").split("\n")))
        last = m.end()
    out.append(render_math(text[last:]))
    return "".join(out)

