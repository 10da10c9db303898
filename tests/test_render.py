"""Rendering: every template on real bank content, golden files, PDF text, reports, notebooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from grader.banks import load_bank
from grader.render.documents import guide, render, sheet, write_document

HERE = Path(__file__).parent
BANK = HERE / "practice_bank"
GOLDEN = HERE / "golden"


@pytest.fixture
def small_bank(monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(BANK))
    return load_bank()


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if not path.exists():  # first run writes the golden file; review it and commit it
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; delete it to regenerate, and review"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden_sheet_and_guide(small_bank, lang, fmt):
    s = sheet(small_bank, topics=("cnn",), count=6, seed=7, lang=lang, answers=True)
    _golden(f"sheet_{lang}.{fmt}", render(s, fmt, lang=lang, today="2026-01-01"))
    g = guide(small_bank, topics=("cnn", "activations"), lang=lang)
    _golden(f"guide_{lang}.{fmt}", render(g, fmt, lang=lang, today="2026-01-01"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_topic_renders_in_both_languages(lang):
    bank = load_bank()
    for fmt in ("html", "md"):
        text = render(guide(bank, lang=lang), fmt, lang=lang)
        assert len(re.findall(r"<section|^## \d+\.", text, re.M)) >= len(bank.topics)
        render(sheet(bank, count=len(bank.questions), seed=1, lang=lang, answers=True), fmt, lang=lang)
    html = render(guide(bank, lang=lang), "html", lang=lang)
    assert "$" not in re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", html, flags=re.S), "unrendered math"


def test_a_sheet_never_contains_an_answer(small_bank):
    s = sheet(small_bank, topics=("cnn",), count=10, seed=3, answers=False)
    html = render(s, "html")
    md = render(s, "md")
    for q in small_bank.questions.values():
        for text in [o.why.en for o in getattr(q, "options", None) or []]:
            assert text.split("$")[0].strip()[:40] not in html and text.split("$")[0].strip()[:40] not in md
        first = q.explanation.en.split("$")[0].split("{{")[0].strip()[:40]
        assert first not in html and first not in md, q.id
    assert "Answer key" not in html and "Answer:" not in md
    key = render(sheet(small_bank, topics=("cnn",), count=10, seed=3, answers=True), "md")
    assert key.startswith(md.rstrip("\n").split("\n---")[0][:200])  # same seed, same questions first


def test_markdown_keeps_latex_and_html_has_mathml(small_bank):
    s = sheet(small_bank, topics=("cnn",), count=6, seed=7, answers=True)
    assert "$" in render(s, "md") and "<math" not in render(s, "md")
    html = render(s, "html")
    assert "<math" in html and "<svg" not in html and "<link" not in html and "http" not in html.split("</style>")[0]


def _weasyprint_ok() -> bool:
    try:
        import weasyprint  # noqa: F401  (needs the Pango system library)
    except OSError:
        return False
    return True


@pytest.mark.skipif(shutil.which("pdftotext") is None or not _weasyprint_ok(),
                    reason="poppler-utils or Pango (for WeasyPrint) not installed")
def test_pdf_has_pages_math_as_svg_and_chinese(small_bank, tmp_path):
    fonts_zh = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts_zh.strip():
        pytest.skip("no Chinese font installed (Debian: fonts-noto-cjk)")
    g = guide(small_bank, topics=("cnn", "activations"), lang="zh")
    html = render(g, "pdf", lang="zh")
    assert "<svg" in html and "<math" not in html
    pdf = write_document(g, "pdf", tmp_path / "guide.pdf", lang="zh")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "卷积" in text and "\\frac" not in text and "1 / " in text  # page numbers "1 / N"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts or "Noto" in fonts


def test_report_formats(tmp_path, quiz_cli, monkeypatch):
    wrong = HERE / "wrong" / "sigmoid__backward_sigma.py"
    for name in ("r.html", "r.md", "results.json"):
        r = quiz_cli("grade", wrong, "--seed", "1", "--no-record", "--report", tmp_path / name)
        assert r.returncode == 1
    data = json.loads((tmp_path / "results.json").read_text())
    assert set(data) >= {"score", "tests"} and 0 < data["score"] < 1
    test = next(t for t in data["tests"] if "gradients" in t["name"])
    assert test["status"] == "failed" and test["score"] == 0 and "sigmoid_backward" in test["output"]
    assert sum(t["max_score"] for t in data["tests"]) == pytest.approx(1.0)
    md = (tmp_path / "r.md").read_text()
    assert "seed 1" in md and "| gradients: sigmoid_backward | failed |" in md and "torch" in md
    html = (tmp_path / "r.html").read_text()
    assert 'class="status-failed"' in html and "sandbox" in html
    r = quiz_cli("grade", wrong, "--no-record", "--report", tmp_path / "r.txt")
    assert r.returncode == 2 and "use a .html" in r.stderr


def test_notebook_round_trip(tmp_path, quiz_cli):
    nb_path = tmp_path / "practice.ipynb"
    r = quiz_cli("notebook", "--task", "sigmoid", "--task", "linear", "-o", nb_path)
    assert r.returncode == 0
    nb = nbformat.read(nb_path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "quiz" not in code[0].source and "grader\", \"grade\"" in code[-1].source
    assert any("def sigmoid_backward" in c.source for c in code)
    # fill in the starter cells with the model solutions: the notebook then passes
    sols = HERE.parent / "solutions"
    for c in code[1:-1]:
        task = "sigmoid" if "def sigmoid" in c.source else "linear"
        c.source = (sols / f"{task}.py").read_text()
    nbformat.write(nb, nb_path)
    r = quiz_cli("grade", nb_path, "--seed", "2", "--no-record")
    assert r.returncode == 0, r.stdout
    assert quiz_cli("notebook", "--task", "sigmoid", "-o", nb_path).returncode == 2  # no overwrite
