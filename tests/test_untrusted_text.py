"""Text from a submission shown safely: terminal, Markdown, HTML, Gradescope JSON; reports
written atomically and never through a symlink; parse bombs that end in a failed load check.

A submission is hostile code: its exception messages, printed output and file name can carry
terminal escape sequences (cursor up + erase line hides a FAIL, OSC 52 writes the clipboard),
bidi overrides, and HTML that a rendered report would run.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

import grader.untrusted
from grader.grading.results import CheckResult, GradeResult, TaskResult
from grader.atomic import write_atomic
from grader.render.report import gradescope_results, write_report
from grader.render.terminal import print_grade
from grader.untrusted import clean_text, markdown_fence, markdown_text

ROOT = Path(__file__).resolve().parent.parent

HIDE = "\x1b[1A\x1b[2K"  # cursor up one line, erase it: would wipe the FAIL line above
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # write "rm -rf ~" to the clipboard
BIDI = "\u202e"  # right-to-left override: "abc\u202efdp.exe" shows as "abcexe.pdf"
HTML = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
MESSAGE = f"wrong{HIDE}{OSC52}\r all good{BIDI}txt.py {HTML} a|b `tick` *star*"
OUTPUT = f"printed{HIDE}{OSC52}\rline {BIDI}2\n{HTML}\n```\nafter a fence"
ADVICE = f"RuntimeWarning: overflow{HIDE}{BIDI} <b>bold</b>"

#: characters that act instead of showing, one of each kind
ACTING = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\x9b",
          "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
          "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2028", "\u2029", "\u2060", "\ufeff",
          "\U000e0041", "\ud800"]


def _no_acting_characters(text: str) -> None:
    for ch in ACTING:
        assert ch not in text, f"{ch!r} reached the output"


def _hostile_result(file: str = f"evil{HIDE}{BIDI}.py") -> GradeResult:
    task = TaskResult("sigmoid", "Stable sigmoid and its backward pass", "numpy",
                      checks=[CheckResult("values: sigmoid", "error", MESSAGE),
                              CheckResult("stability: sigmoid", "passed")],
                      devices=["cpu"], output=OUTPUT, advice=[ADVICE])
    return GradeResult(file=file, seed=7, tasks=[task],
                       isolation={"namespaces": True, "reason": "", "mechanisms": ["rlimits"]},
                       notes=[f"a note{OSC52}"], versions={"python": "3.11"})


# ------------------------------------------------------------------ clean_text
def test_exported_members():
    assert grader.untrusted.__all__ == ["clean_text", "markdown_text", "markdown_fence"]


@pytest.mark.parametrize("ch", ACTING, ids=[f"U+{ord(c):04X}" for c in ACTING])
def test_clean_text_writes_each_acting_character_out(ch):
    cleaned = clean_text(f"a{ch}b")
    _no_acting_characters(cleaned)
    assert cleaned.startswith("a") and cleaned.endswith("b") and "\\" in cleaned
    assert all(c.isprintable() for c in cleaned)


def test_clean_text_keeps_what_shows():
    text = "tab\there\nnext line: σ(x) = 1/(1+e⁻ˣ) 卷积 café 🙂 \\x1b stays"
    assert clean_text(text) == text
    assert clean_text("windows\r\nline") == "windows\nline"
    assert clean_text("a\x1b[2Kb\rc\u202ed") == "a\\x1b[2Kb\\rc\\u202ed"  # readable, nothing lost


# ------------------------------------------------------------------ Markdown
def _render_md(markdown: str) -> str:
    """Markdown as a permissive renderer shows it: raw HTML passes through, tables on."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_markdown_text_is_inert_in_a_table_cell():
    cell = markdown_text(MESSAGE + "\nsecond line")
    html = _render_md(f"| message | x |\n|---|---|\n| {cell} | y |\n")
    assert not re.search(r"<script|<img|<a\b|<em|<code", html, re.I)
    assert html.count("<td>") == 2  # the `|` of the message did not open a cell
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "onerror=alert(1)" in html
    assert "[x](javascript:alert(1))" in html and "*star*" in html and "`tick`" in html
    assert "<br>second line" in html and "\\x1b[1A" in html


def test_markdown_fence_holds_any_backticks():
    text = "a ```` run\n<script>x</script>\n```\nlast\x1b[2K"
    block = markdown_fence(text)
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    html = _render_md(block + "\n\nafter\n")
    assert html.count("<pre>") == 1 and "<p>after</p>" in html  # one block, closed where it should be
    assert "&lt;script&gt;" in html and "<script" not in html and "last\\x1b[2K" in html


# ------------------------------------------------------------------ terminal
def _printed(result: GradeResult, *, terminal: bool) -> str:
    buf = io.StringIO()
    print_grade(result, Console(file=buf, width=100, force_terminal=terminal,
                                color_system="standard" if terminal else None, highlight=False))
    return buf.getvalue()


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "tty"])
def test_terminal_report_shows_escapes_as_text(terminal):
    text = _printed(_hostile_result(), terminal=terminal)
    styles_removed = re.sub(r"\x1b\[[0-9;]*m", "", text)  # rich's own colours on a terminal
    _no_acting_characters(styles_removed)
    assert "ERROR   values: sigmoid" in styles_removed and "FAIL sigmoid" in styles_removed
    assert "\\x1b[1A\\x1b[2K" in styles_removed and "\\x1b]52;c;" in styles_removed
    assert "\\u202e" in styles_removed and "evil\\x1b[1A" in styles_removed


def test_terminal_report_shows_advice_as_not_counted():
    text = _printed(_hostile_result(), terminal=False)
    lines = text.splitlines()
    i = lines.index("  advice (not counted):")
    assert lines[i + 1].startswith("  - RuntimeWarning: overflow\\x1b[1A")
    assert "<b>bold</b>" in lines[i + 1]  # rich markup-looking text stays text
    result = _hostile_result()
    assert 0 < result.score < 1  # a failed check counts, the advice counts for nothing
    assert "1/1 tasks passed" not in text and f"score {result.score:.2f}" in text


# ------------------------------------------------------------------ Markdown, HTML, Gradescope
def _outside_fences(md: str) -> str:
    """The Markdown with its fenced blocks cut out: inside one, `<script>` is shown, not run."""
    return re.sub(r"^(`{3,})[^\n]*\n.*?\n\1$", "", md, flags=re.S | re.M)


def test_markdown_report_is_inert(tmp_path):
    path = write_report(_hostile_result(), tmp_path / "r.md")
    md = path.read_text(encoding="utf-8")
    _no_acting_characters(md)
    assert not re.search(r"<script|<img", _outside_fences(md), re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "| error |" in md
    assert "Advice (not counted):" in md and "RuntimeWarning: overflow" in md
    assert "````text\nprinted" in md  # the output in a fence longer than its own ``` line
    html = _render_md(md)
    assert not re.search(r"<script|<img|<a\b|<b>", html, re.I) and html.count("<table>") == 1
    assert "<p>evil\\x1b[1A\\x1b[2K\\u202e.py · seed 7" in html  # reads as what was there
    assert "wrong\\x1b[1A\\x1b[2K\\x1b]52;c;" in html and "RuntimeWarning: overflow\\x1b[1A" in html


def test_html_report_is_escaped(tmp_path):
    html = write_report(_hostile_result(), tmp_path / "r.html").read_text(encoding="utf-8")
    _no_acting_characters(html)
    body = html[html.index("<body>"):]
    assert not re.search(r"<script|<img|<b>", body, re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "\\x1b]52;c;" in body
    assert "advice (not counted)" in body and "&lt;b&gt;bold&lt;/b&gt;" in body
    assert "evil\\x1b[1A\\x1b[2K\\u202e.py" in html  # file name, in the title and the body


def test_gradescope_json_is_clean(tmp_path):
    data = gradescope_results(_hostile_result())
    text = json.dumps(data, ensure_ascii=False)
    _no_acting_characters(text)
    assert "\\\\x1b" in text and data["test_output_format"] == data["output_format"] == "text"
    assert data["tests"][0]["output"].startswith("wrong\\x1b[1A")
    assert "advice (not counted): RuntimeWarning" in data["output"]
    assert sum(t["score"] for t in data["tests"]) == pytest.approx(_hostile_result().score)


def test_reports_of_a_file_that_does_not_parse(grade_source, tmp_path):
    result = grade_source("def sigmoid(x):\n    return x\n\ny = " + "(" * 1000 + ")" * 1000 + "\n")
    assert result.isolation == {}  # the sandbox never started
    for name in ("r.md", "r.html"):
        text = write_report(result, tmp_path / name).read_text(encoding="utf-8")
        assert "could not parse: SyntaxError: too many nested parentheses" in text
        assert "sandbox: not started" in text or "<th>sandbox</th><td>not started" in text
        assert "numpy · score 0%" in text


# ------------------------------------------------------------------ atomic writes
@pytest.mark.parametrize("name", ["r.md", "r.html", "results.json", "r.pdf"])
def test_report_replaces_a_symlink_and_not_its_target(tmp_path, name):
    if name.endswith(".pdf"):
        pytest.importorskip("weasyprint")
    outside = tmp_path / "outside" / "precious.txt"
    outside.parent.mkdir()
    outside.write_text("keep me", encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / name).symlink_to(outside)
    write_report(_hostile_result(file="answers.py"), reports / name)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not (reports / name).is_symlink() and (reports / name).is_file()
    assert (reports / name).stat().st_size > 100
    assert sorted(p.name for p in reports.iterdir()) == [name]  # no temporary file left behind


def test_starter_and_notebook_replace_a_symlink_and_not_its_target(tmp_path):
    from grader.banks import load_bank
    from grader.practice.starter import write_starter
    from grader.render.notebook import write_notebook

    bank = load_bank()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    for name, write in (("start.py", lambda p: write_starter(bank.tasks["relu"], p, force=True)),
                        ("nb.ipynb", lambda p: write_notebook(bank, p, task_ids=("relu",), force=True))):
        link = tmp_path / name
        link.symlink_to(outside)
        write(link)
        assert outside.read_text(encoding="utf-8") == "keep me"
        assert not link.is_symlink() and "relu" in link.read_text(encoding="utf-8")


def test_write_atomic_keeps_the_old_file_when_it_cannot_write(tmp_path):
    from grader.errors import UsageError

    target = tmp_path / "r.md"
    write_atomic(target, "old")
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic(tmp_path / "missing-folder" / "r.md", "new")
    (tmp_path / "a-folder.md").mkdir()
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic(tmp_path / "a-folder.md", "new")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.md", "r.md"]


# ------------------------------------------------------------------ end to end, through the CLI
def _quiz(*args, home: Path, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a user runs it, output as raw bytes: what would reach the terminal."""
    env = {**os.environ, "COLUMNS": "100", "QUIZ_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "grader", *map(os.fsencode, args)], capture_output=True,
                          timeout=timeout, cwd=ROOT, env=env)


def _assert_no_acting_bytes(data: bytes) -> None:
    assert b"\x1b" not in data and b"\r" not in data and b"\x07" not in data
    assert BIDI.encode() not in data and "\u2066".encode() not in data


HOSTILE_SOURCE = f'''
import numpy as np

def sigmoid(x):
    print({OUTPUT!r})
    raise ValueError({MESSAGE!r})

def sigmoid_backward(x, grad):
    return grad * 0.25
'''


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory):
    """Grade one hostile file (ESC, OSC 52, CR and U+202E in its name, message and output)
    twice: once for the terminal with a Markdown report, once with --json and an HTML report."""
    tmp = tmp_path_factory.mktemp("hostile")
    path = tmp / f"answers{HIDE}{OSC52}\r{BIDI}yp.py"
    path.write_text(HOSTILE_SOURCE, encoding="utf-8")
    terminal = _quiz("grade", path, "--no-record", "--seed", "3", "--report", tmp / "r.md", home=tmp / "home")
    as_json = _quiz("grade", path, "--no-record", "--seed", "3", "--json", "--report", tmp / "r.html",
                    home=tmp / "home")
    return tmp, terminal, as_json


@pytest.mark.slow  # grades through the CLI
def test_cli_terminal_output_has_no_escapes(hostile_runs):
    _, run, _ = hostile_runs
    assert run.returncode == 1, run.stderr.decode(errors="replace")
    _assert_no_acting_bytes(run.stdout)
    _assert_no_acting_bytes(run.stderr)
    out = run.stdout.decode()
    assert re.search(r"^FAIL sigmoid", out, re.M) and re.search(r"^  ERROR +values: sigmoid", out, re.M)
    assert "\\x1b[1A\\x1b[2K" in out and "\\x1b]52;c;" in out and "\\u202e" in out
    assert "answers\\x1b[1A" in out  # the file name, written out
    assert "output of the submission" in out and "printed\\x1b[1A" in out
    assert b"Traceback" not in run.stderr


@pytest.mark.slow  # grades through the CLI
def test_cli_json_output_has_no_raw_escapes(hostile_runs):
    _, _, run = hostile_runs
    assert run.returncode == 1, run.stderr.decode(errors="replace")
    assert b"\x1b" not in run.stdout and b"\r" not in run.stdout and b"\x07" not in run.stdout
    _assert_no_acting_bytes(run.stderr)
    data = json.loads(run.stdout)
    assert data["tasks"][0]["checks"][0]["status"] == "error"
    assert "wrong" in data["tasks"][0]["checks"][0]["message"]


@pytest.mark.slow  # grades through the CLI
def test_cli_json_output_has_no_bidi_override(hostile_runs):
    _, _, run = hostile_runs
    _assert_no_acting_bytes(run.stdout)


@pytest.mark.slow  # grades through the CLI
def test_cli_reports_are_inert(hostile_runs):
    tmp, _, _ = hostile_runs
    md = (tmp / "r.md").read_text(encoding="utf-8")
    assert not re.search(r"<script|<img", _outside_fences(md), re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md  # the message: escaped, still readable
    assert not re.search(r"<script|<img|<a\b", _render_md(md), re.I)  # the output: fenced
    assert "\x1b" not in md and BIDI not in md and "\r" not in md
    html = (tmp / "r.html").read_text(encoding="utf-8")
    body = html[html.index("<body>"):]
    assert not re.search(r"<script|<img", body, re.I) and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "\x1b" not in html and BIDI not in html and "\r" not in html


# ------------------------------------------------------------------ parse bombs
def _notebook(depth: int) -> str:
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": "def sigmoid(x):\n    return x\n"}
    head = json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5})[:-1]
    return head + ', "metadata": {"deep": ' + "[" * depth + "]" * depth + "}}"


BOMBS = {
    "minus.py": "def sigmoid(x):\n    return x\n\ny = " + "-" * 100_000 + "1\n",
    "plus.py": "def sigmoid(x):\n    return x\n\ny = " + "+".join(["1"] * 100_000) + "\n",
    "parens.py": "def sigmoid(x):\n    return x\n\ny = " + "(" * 1000 + ")" * 1000 + "\n",
    "null.py": "def sigmoid(x):\n    return x\n\ny = 1\x00\n",
    "deep.ipynb": _notebook(50_000),
}


@pytest.mark.slow  # runs the CLI
@pytest.mark.parametrize("name", list(BOMBS))
def test_parse_bomb_is_a_failed_load_not_a_traceback(tmp_path, name):
    path = tmp_path / name
    path.write_text(BOMBS[name], encoding="utf-8")
    run = _quiz("grade", path, "--no-record", home=tmp_path / "home", timeout=120)
    out, err = run.stdout.decode(), run.stderr.decode()
    assert run.returncode == 1, out + err
    assert "Traceback" not in err and "Traceback" not in out
    lines = [line for line in out.splitlines() if "could not parse" in line]
    assert len(lines) == 1, out  # said once, on one line (rich wraps only at 100 columns)
    assert re.search(r"^  ERROR +load", out, re.M) and re.search(r"^FAIL sigmoid", out, re.M)
