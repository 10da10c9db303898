"""Rendering: every template on real bank content, golden files, PDF text, reports, notebooks."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from conftest import MISSING_SYSTEM_PACKAGE
from grader.banks import load_bank
from grader.render.documents import Document, guide, render, sheet, write_document

HERE = Path(__file__).parent
BANK = HERE / "practice_bank"
GOLDEN = HERE / "golden"

#: The small bank's own topic catalogue, so that editing the shipped `questions/_topics.yaml`
#: (titles, key points) does not change the golden files.
SMALL_TOPICS = r"""
topics:
  activations:
    en: "Activation functions"
    zh: "激活函数"
    points:
      - en: 'Sigmoid $\sigma(x) = 1/(1 + e^{-x})$ has range $(0, 1)$ and derivative $\sigma(x)(1 - \sigma(x))$.'
        zh: 'Sigmoid 函数 $\sigma(x) = 1/(1 + e^{-x})$ 的值域为 $(0, 1)$，导数为 $\sigma(x)(1 - \sigma(x))$。'
      - en: 'Softmax is invariant to adding a constant to every logit; subtract the **maximum** first.'
        zh: 'Softmax 对所有 logit 加同一常数不变；先减去**最大值**。'
  cnn:
    en: "CNN building blocks"
    zh: "卷积网络基本组件"
    points:
      - en: 'Output size per spatial dimension: $\lfloor (W - K + 2P)/S \rfloor + 1$.'
        zh: '每个空间维度的输出尺寸为 $\lfloor (W - K + 2P)/S \rfloor + 1$。'
      - en: 'Pooling has no learnable parameters (`nn.MaxPool2d`).'
        zh: '池化层没有可学习参数（`nn.MaxPool2d`）。'
"""


@pytest.fixture
def small_bank(monkeypatch, tmp_path):
    bank_dir = tmp_path / "bank"
    shutil.copytree(BANK, bank_dir)
    (bank_dir / "_topics.yaml").write_text(SMALL_TOPICS, encoding="utf-8")
    monkeypatch.setenv("QUIZ_BANKS", str(bank_dir))
    return load_bank()


def _compare_golden(path: Path, text: str, *, update: bool) -> None:
    if update:
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing: run `pytest tests/test_render.py --update-goldens`, "
                    "review the new file and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} changed: review the difference, then run `pytest tests/test_render.py --update-goldens`")


@pytest.fixture
def golden(request):
    """Compare a rendered text with `tests/golden/NAME`; `pytest --update-goldens` writes it instead."""
    update = request.config.getoption("--update-goldens")
    return lambda name, text: _compare_golden(GOLDEN / name, text, update=update)


def test_a_missing_golden_fails_and_only_the_flag_writes_it(tmp_path):
    path = tmp_path / "absent.md"
    with pytest.raises(pytest.fail.Exception, match="missing: run `pytest tests/test_render.py --update-goldens`"):
        _compare_golden(path, "text", update=False)
    assert not path.exists()
    _compare_golden(path, "text", update=True)
    _compare_golden(path, "text", update=False)
    with pytest.raises(AssertionError, match="absent.md changed"):
        _compare_golden(path, "other text", update=False)


def _without_reference_code(doc: Document) -> Document:
    """The guide with each task's reference code replaced by a fixed text: the reference
    implementations change with the grader, the golden files only with the templates."""
    sections = [{**s, "tasks": [{**t, "reference": f"# reference implementation of {t['id']}"} for t in s["tasks"]]}
                for s in doc.context["sections"]]
    return dataclasses.replace(doc, context={**doc.context, "sections": sections})


def _without_solutions(doc: Document) -> Document:
    """The sheet with each task's model solution replaced by a fixed text (as above)."""
    tasks = [{**t, "solution": f"# model solution of {t['id']}" if t["solution"] else ""}
             for t in doc.context["tasks"]]
    return dataclasses.replace(doc, context={**doc.context, "tasks": tasks})


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden_sheet_and_guide(small_bank, golden, lang, fmt):
    s = sheet(small_bank, topics=("cnn",), count=6, seed=7, lang=lang, answers=True)
    golden(f"sheet_{lang}.{fmt}", render(_without_solutions(s), fmt, lang=lang, today="2026-01-01"))
    g = guide(small_bank, topics=("cnn", "activations"), lang=lang)
    golden(f"guide_{lang}.{fmt}", render(_without_reference_code(g), fmt, lang=lang, today="2026-01-01"))


def test_the_answer_key_has_each_coding_task_s_model_solution(small_bank):
    """A sheet's key used to stop at the concept questions."""
    s = sheet(small_bank, topics=("cnn",), count=6, seed=7, answers=True)
    assert s.context["tasks"], "the golden sheet has a coding task"
    solution = (Path(__file__).parent.parent / "solutions" / "conv2d.py").read_text(encoding="utf-8").strip()
    for fmt in ("md", "html"):
        text = render(s, fmt)
        key = text[text.index("Answer key"):]
        assert "def conv2d_forward" in key and "def conv2d_backward" in key
    assert solution in render(s, "md")
    blank = sheet(small_bank, topics=("cnn",), count=6, seed=7, answers=False)
    assert "Answer key" not in render(blank, "md") and solution not in render(blank, "md")


def test_guide_shows_the_reference_implementation(small_bank):
    from reference_impl.cnn import conv2d_forward

    text = render(guide(small_bank, topics=("cnn",)), "md")
    assert inspect.getsource(conv2d_forward).rstrip() in text


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


def _chinese_font_ok() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip())


@pytest.mark.slow  # WeasyPrint lays out a whole guide
@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason=f"{MISSING_SYSTEM_PACKAGE} poppler-utils (pdftotext, pdfinfo, pdffonts)")
@pytest.mark.skipif(not _weasyprint_ok(),
                    reason=f"{MISSING_SYSTEM_PACKAGE} Pango for WeasyPrint (libpango-1.0-0 libpangoft2-1.0-0)")
@pytest.mark.skipif(not _chinese_font_ok(), reason=f"{MISSING_SYSTEM_PACKAGE} a Chinese font (fonts-noto-cjk)")
def test_pdf_has_pages_math_as_svg_and_chinese(small_bank, tmp_path):
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
