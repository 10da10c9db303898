"""Terminal math: every formula in the banks reads as text, with no LaTeX left and no
symbol dropped (issue 13: `\\text{lr}`, `\\dfrac`, `For w 0` for `w \\neq 0`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from grader.practice.mathtext import _MATH, math_to_text

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _formulas():
    out = {}
    for path in sorted(QUESTIONS.glob("[a-z]*.yaml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for m in _MATH.finditer(text):
                out.setdefault(m.group(1) or m.group(2), path.name)
    return out


FORMULAS = _formulas()
#: a macro in the source and what must be in the text for it
KEPT = {"neq": "≠", "ne": "≠", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "times": "×",
        "cdot": "·", "cdots": "⋯", "sum": "∑", "partial": "∂", "sqrt": "√", "infty": "∞",
        "approx": "≈", "odot": "⊙", "in": "∈", "to": "→", "prod": "∏"}


def test_the_banks_have_formulas():
    assert len(FORMULAS) > 2000


def test_no_formula_of_the_banks_keeps_latex_or_drops_a_symbol():
    problems = []
    for tex, where in FORMULAS.items():
        text = math_to_text(tex)
        if "\\" in text:
            problems.append(f"{where}: {tex!r} -> {text!r} (LaTeX left)")
        for macro, symbol in KEPT.items():
            if re.search(rf"\\{macro}(?![A-Za-z])", tex) and symbol not in text:
                problems.append(f"{where}: {tex!r} -> {text!r} (\\{macro} lost)")
    assert not problems, "\n".join(problems[:20]) + f"\n({len(problems)} in all)"


@pytest.mark.parametrize("tex, text", [
    (r"\text{lr}\cdot g/(|g| + \epsilon)", "lr · g/(|g| + ϵ)"),
    (r"\|g\|_2", "‖g‖₂"),
    (r"\text{For } w \neq 0", "For w ≠ 0"),
    (r"\dfrac{1}{1+e^{-x}}", "1/(1+e⁻ˣ)"),
    (r"K_H \times K_W", "K_H × K_W"),
    (r"\epsilon = 10^{-8}", "ϵ = 10⁻⁸"),
    (r"\tfrac12 \mathrm{Var}(z)", "1/2 Var(z)"),
    (r"\text{fan\_in}", "fan_in"),
    (r"\frac{1}{2a}", "1/(2a)"),
    (r"\frac{QK^\top}{\sqrt{d}}", "QKᵀ/(√(d))"),
    (r"\operatorname{softmax}(x)_i", "softmax(x)ᵢ"),
])
def test_the_reported_formulas(tex, text):
    assert math_to_text(tex) == text


def test_code_fences_are_shown_as_code_in_a_plain_terminal():
    from grader.practice.mathtext import render_text

    text = "Use a mask:\n\n```python\nout = np.maximum(x, 0.0)  # $x$ stays\n```\nthen $\\alpha$."
    out = render_text(text)
    assert "```" not in out and "    out = np.maximum(x, 0.0)  # $x$ stays" in out  # code untouched
    assert "then α." in out


@pytest.mark.slow
def test_quiz_hint_shows_code_without_fences(quiz_cli):
    r = quiz_cli("hint", "relu", "--level", "3")
    assert r.returncode == 0 and "```" not in r.stdout
    assert "\n    out = np.maximum(x, 0.0)" in r.stdout
