"""Sheets and guides as a new user met them: a Chinese PDF without a Chinese font (empty boxes,
thousands of warnings, exit 0), WeasyPrint's log on the terminal, a guide's "Check yourself"
answers under each question, a one-line contents list, and sums whose limits ran together."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from grader.banks import load_bank
from grader.render import markup, pdf
from grader.render.documents import guide, render, sheet, write_document
from grader.render.pdf import MissingFontError, require_cjk_font

NO_FONTS = lambda: []  # noqa: E731  (fontconfig lists no Chinese font)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def _fail(*_args, **_kwargs):
    raise AssertionError("must not be called")


# --- 1. a Chinese PDF needs a Chinese font --------------------------------------------------

def test_without_a_chinese_font_a_chinese_pdf_is_refused_in_one_line():
    with pytest.raises(MissingFontError) as caught:
        require_cjk_font(installed=NO_FONTS)
    message = caught.value.message
    assert "\n" not in message and caught.value.exit_code == 1
    assert "apt-get install fonts-noto-cjk" in message and "dnf install google-noto-sans-cjk-fonts" in message
    assert "--font" not in message  # only the commands that have the option name it
    assert "--font FILE" in caught.value.offering("--font FILE").message
    mac = MissingFontError("no font", platform="darwin").message
    assert "fc-cache" in mac and "apt-get" not in mac


@pytest.mark.parametrize("installed", [lambda: ["Noto Sans CJK SC"], lambda: None], ids=["listed", "unknown"])
def test_a_listed_font_or_no_way_to_tell_lets_the_pdf_through(installed):
    require_cjk_font(installed=installed)  # None: no fc-list; the layout itself tells (below)


def test_the_check_is_made_before_anything_is_drawn_and_nothing_is_written(bank, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", _fail)
    monkeypatch.setattr(markup, "_svg", _fail)  # the math, seconds for a guide, is not drawn either
    out = tmp_path / "sheet.pdf"
    with pytest.raises(MissingFontError):
        write_document(sheet(bank, topics=("cnn",), count=3, lang="zh"), "pdf", out, lang="zh",
                       installed_fonts=NO_FONTS)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_english_pdfs_are_never_checked(bank, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kw: b"%PDF-1.7 stand-in")
    for doc in (sheet(bank, topics=("cnn",), count=4, seed=7, answers=True), guide(bank, topics=("cnn",))):
        out = write_document(doc, "pdf", tmp_path / f"{doc.template}.pdf", installed_fonts=_fail)
        assert out.read_bytes() == b"%PDF-1.7 stand-in"


def test_a_report_with_chinese_text_is_checked(tmp_path, monkeypatch):
    """A grade report is English, but the candidate's code or messages may hold Chinese."""
    from grader.render.documents import Document

    monkeypatch.setattr(pdf, "html_to_pdf", _fail)
    doc = Document("sheet", {"questions": [], "tasks": [], "answers": False, "seed": 1, "topics": [("x", "卷积")]},
                   "Practice")
    with pytest.raises(MissingFontError):
        write_document(doc, "pdf", tmp_path / "r.pdf", installed_fonts=NO_FONTS)


@pytest.mark.parametrize("command", ["sheet", "guide"])
def test_cli_without_a_chinese_font_exits_1_with_one_line_and_writes_nothing(command, tmp_path, monkeypatch, capsys):
    from grader.cli import main

    monkeypatch.setattr(pdf, "cjk_font_families", NO_FONTS)
    out = tmp_path / f"{command}.pdf"
    with pytest.raises(SystemExit) as exited:
        main([command, "--topic", "cnn", "--lang", "zh", "-o", str(out)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "fonts-noto-cjk" in err and "--font FILE" in err
    assert not out.exists() and not list(tmp_path.iterdir())
    with pytest.raises(SystemExit) as exited:  # HTML needs no check: the browser has the fonts
        main([command, "--topic", "cnn", "--lang", "zh", "-o", str(tmp_path / f"{command}.html")])
    assert exited.value.code == 0 and (tmp_path / f"{command}.html").is_file()


def test_font_is_for_pdf_only(tmp_path, capsys):
    from grader.cli import main

    font = tmp_path / "f.ttf"
    font.write_bytes(b"not a font")
    with pytest.raises(SystemExit) as exited:
        main(["sheet", "--topic", "cnn", "--font", str(font), "-o", str(tmp_path / "s.html")])
    assert exited.value.code == 2 and "--font applies to PDF only" in capsys.readouterr().err


def test_a_file_that_is_no_font_is_named(tmp_path):
    font = tmp_path / "f.ttf"
    font.write_bytes(b"not a font")
    with pytest.raises(pdf.UsageError, match=r"--font .*f\.ttf: not a font file"):
        require_cjk_font(font=font, installed=_fail)


def _cjk_font_file() -> Path | None:
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", "-f", "%{file}\n", ":lang=zh"], capture_output=True, text=True).stdout
    files = sorted(set(out.split()), key=lambda f: ("Regular" not in f, "Sans" not in f, f))
    return Path(files[0]) if files else None


#: a Chinese font file of this machine (before any test hides the machine's fonts)
CJK_FONT = _cjk_font_file()


@pytest.fixture
def no_system_fonts(tmp_path, monkeypatch):
    """A fontconfig that knows DejaVu Sans only: a machine without a Chinese font."""
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's tools are not installed")
    latin = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True).stdout
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(latin, fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}'
                    "</cachedir></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    assert pdf.cjk_font_families() == []


def test_fc_list_sees_the_machine_s_fonts(no_system_fonts):
    """The real check, not an injected list: with no Chinese font fontconfig lists none."""
    with pytest.raises(MissingFontError):
        require_cjk_font()


@pytest.mark.slow  # WeasyPrint lays out a sheet
def test_with_no_glyphs_after_all_nothing_is_written(bank, no_system_fonts, tmp_path):
    """fontconfig listed a font (injected here) that has no Chinese glyph: the layout tells."""
    out = tmp_path / "sheet.pdf"
    with pytest.raises(MissingFontError, match=r"Chinese characters of this PDF have no glyph"):
        write_document(sheet(bank, topics=("cnn",), count=2, seed=7, lang="zh"), "pdf", out, lang="zh",
                       installed_fonts=lambda: ["Some CJK"])
    assert not out.exists()


@pytest.mark.slow  # WeasyPrint lays out a sheet
@pytest.mark.skipif(CJK_FONT is None, reason="no Chinese font file on this machine to pass as --font")
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) not installed")
def test_font_embeds_a_chinese_font_file(bank, no_system_fonts, tmp_path):
    out = write_document(sheet(bank, topics=("cnn",), count=2, seed=7, lang="zh"), "pdf", tmp_path / "s.pdf",
                         lang="zh", font=CJK_FONT)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "quiz-font" in fonts
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "卷积" in text


# --- WeasyPrint's and fontTools' log stays off the terminal -------------------------------

@pytest.fixture
def terminal(monkeypatch):
    """The root logger as a script that called logging.basicConfig() (or ziafont) leaves it."""
    stream = io.StringIO()
    monkeypatch.setattr(logging.root, "handlers", [logging.StreamHandler(stream)])
    return stream


def test_weasyprint_and_fonttools_chatter_is_kept_off_the_terminal(terminal):
    with pdf._collected_log() as records:
        logging.getLogger("weasyprint").warning('Using fontTools instead of HarfBuzz-Subset for font "%s".', "X")
        logging.getLogger("weasyprint.progress").info("Step 4 - Creating formatting structure")
        logging.getLogger("fontTools.subset").warning("glyph not found")
        logging.getLogger("weasyprint").error("Failed to load image at %r", "a.png")
    assert terminal.getvalue() == ""
    assert [r.levelname for r in records] == ["WARNING", "WARNING", "ERROR"]
    logging.getLogger("weasyprint").warning("after")  # the loggers are as they were
    assert "after" in terminal.getvalue()


@pytest.mark.slow  # WeasyPrint
def test_a_pdf_reports_errors_and_missing_glyphs_in_one_line_each(terminal, tmp_path, capsys):
    lines: list[str] = []
    data = pdf.html_to_pdf('<p>box: \U0010fffd \U0010fffd</p><img src="missing.png">', base_url=str(tmp_path),
                           warn=lines.append)
    assert data.startswith(b"%PDF") and terminal.getvalue() == "" and capsys.readouterr().err == ""
    assert len(lines) == 2, lines
    assert "1 characters have no glyph" in lines[0] and "U+10FFFD" in lines[0]
    assert "Failed to load image" in lines[1]


def test_drawing_math_leaves_the_root_logger_alone(monkeypatch):
    """ziafont logs with `logging.debug`, which configured a stderr handler on the root
    logger: after that every WeasyPrint warning reached the terminal."""
    monkeypatch.setattr(logging.root, "handlers", [])
    markup._svg.cache_clear()
    markup.math_html(r"\sum_{u=0}^{KH-1} x_u", display=True, mode="svg")
    assert logging.root.handlers == []


# --- 2. "Check yourself": questions first, then the answers, numbered alike ----------------

@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_yourself_puts_the_answers_after_the_questions(bank, fmt, lang):
    g = guide(bank, topics=("cnn", "activations"), lang=lang)
    asked = g.context["sections"][0]["selection"]
    assert len(asked) >= 3
    text = render(g, fmt, lang=lang)
    heading, answers_heading = {"en": ("Check yourself", "Answers"), "zh": ("自测题", "自测题答案")}[lang]
    start = text.index(f"<h3>{heading}</h3>" if fmt == "html" else f"### {heading}\n")
    section = text[start:text.index("topic-activations", start)]  # the first topic's, up to the next one
    questions, _, answers = section.partition(answers_heading)
    assert answers, "an answers heading after the questions"
    answer = {"en": "Answer:", "zh": "答案:"}[lang]
    assert answer not in questions and 'class="letter right"' not in questions
    assert answers.count(answer) == len(asked)
    for n, q in enumerate(asked, 1):
        number = f'<span class="num">{n}.</span>' if fmt == "html" else f"**{n}.**"
        assert number in questions and number in answers, n
        assert f"{answer} {q['answer']}" in answers or f"{answer} {markup.markdown_html(q['answer'], inline=True)}" in answers


# --- 3. the contents page ------------------------------------------------------------------

def test_the_contents_page_lists_each_topic_with_its_counts(bank):
    g = guide(bank, topics=("cnn", "activations"))
    html = render(g, "html")
    toc = html[html.index('<nav class="toc">'):html.index("</nav>")]
    items = re.findall(r'<li><a href="#topic-(\w+)">([^<]+) <span class="count">([^<]+)</span></a></li>', toc)
    assert [i[0] for i in items] == ["cnn", "activations"]
    for (_, _, counts), section in zip(items, g.context["sections"]):
        shown = sum(len(section[k]) for k in ("short", "worked", "bugs", "selection"))
        assert counts == f"{shown} questions · {len(section['tasks'])} coding task" + "s" * (len(section["tasks"]) != 1)
    css = html.split("</style>")[0]
    assert "target-counter(attr(href), page)" in css and re.search(r"\.toc \{[^}]*break-after: page", css)
    md = render(g, "md")
    assert re.search(r"^1\. \[[^]]+\]\(#topic-cnn\) — \d+ questions · \d+ coding tasks?$", md, re.M)


@pytest.mark.slow  # WeasyPrint lays out a guide
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_the_pdf_contents_page_gives_each_topic_s_page(bank, tmp_path):
    out = write_document(guide(bank, topics=("cnn", "activations")), "pdf", tmp_path / "g.pdf")

    def page(n: int) -> str:  # its words, one space apart
        text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
                              capture_output=True, text=True).stdout
        return " ".join(text.split())

    contents = page(1)
    entries = re.findall(r"(\d)\. ([^.]+?) \d+ questions? · \d+ coding tasks? \.+(\d+)", contents)
    assert [e[0] for e in entries] == ["1", "2"], contents
    assert "Key points" not in contents  # the first topic starts on a page of its own
    for number, title, start in entries:
        assert f"{number}. {title}" in page(int(start))
        if int(start) > 2:  # the page number is the page the topic starts on, not one after
            assert f"{number}. {title}" not in page(int(start) - 1)


# --- 4. sums with limits in PDF math --------------------------------------------------------

def test_a_big_operator_s_limits_get_room_after_them():
    import xml.etree.ElementTree as ET

    from ziamath.tex import tex2mml

    mathml = ET.fromstring(tex2mml(r"\sum_{u=0}^{KH-1}\sum_{v=0}^{KW-1} x + (a)^2 + \max_x f", inline=False))
    markup._space_limits(mathml)
    row = [markup._local(e.tag) for e in mathml[0]]
    assert row[:4] == ["munderover", "mspace", "munderover", "mspace"]
    sums = [e for e in mathml.iter() if markup._local(e.tag) == "munderover"]
    assert all(s[0].get("rspace") == "0" for s in sums)
    powers = [e for e in mathml.iter() if markup._local(e.tag) == "msup"]
    assert powers and all(p[0].get("rspace") is None for p in powers)  # `)^2` is no operator
    assert row.count("mspace") == 3  # after each sum and after \max_x


def test_inline_sums_put_their_limits_beside_the_sign():
    inline = markup.math_html(r"\sum_{i=1}^{n} x_i", mode="svg")
    display = markup.math_html(r"\sum_{i=1}^{n} x_i", display=True, mode="svg")
    height = lambda s: float(re.search(r'<svg[^>]* height="([\d.]+)', s).group(1))  # noqa: E731
    assert height(inline) < 0.8 * height(display)


def test_chinese_inside_a_formula_is_set_as_text_not_as_boxes():
    """The math font of the SVG formulas has no Chinese glyph."""
    out = markup.math_html(r"U = \sum_{\text{正样本}}\text{秩} - n_+(n_+ + 1)/2", display=True, mode="svg")
    assert "<svg" not in out and "math-text" in out and "<sub>正样本</sub>" in out and "秩" in out
    ends = markup.math_html(r"r = 1 + (k-1) = 19。", display=True, mode="svg")  # the full stop after the SVG
    assert "<svg" in ends and ends.endswith("</svg>。</span>")


def test_a_guide_s_examples_and_self_check_reach_every_difficulty():
    from grader.banks import load_bank
    from grader.render.documents import guide

    section = guide(load_bank(), topics=("training_loop",)).context["sections"][0]
    assert {v["difficulty"] for v in section["selection"]} == {1, 2, 3}
    assert [v["difficulty"] for v in section["selection"]] == sorted(v["difficulty"] for v in section["selection"])
