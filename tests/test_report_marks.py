"""The candidate's code in grade reports: the lines failed checks point at, marked.

Fast tests build `GradeResult`s by hand, with messages as the grader writes them (graded from
tests/wrong/), and check `marked_source` and the HTML and Markdown it becomes; one slow test
grades a real file and writes the reports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import grader.render.marks
from grader.grading.results import CheckResult, GradeResult, TaskResult
from grader.render.marks import MAX_LINE_CHARS, MAX_LINES, CodeLine, marked_source
from grader.render.report import write_report

ROOT = Path(__file__).resolve().parent.parent
SIGMOID = (ROOT / "solutions" / "sigmoid.py").read_text(encoding="utf-8")
#: the model solution with a wrong derivative: sigma * (1 + sigma)
WRONG_SIGMOID = SIGMOID.replace("dout * s * (1.0 - s)", "dout * s * (1.0 + s)")
FUNCTIONS = {"sigmoid": ("sigmoid", "sigmoid_backward")}

# messages as the grader writes them for a wrong sigmoid_backward
GRADIENTS_MSG = ("case 1 (x (1,)): sigmoid_backward → dx: 1/1 elements differ; worst [0]: got 0.234228, "
                 "expected 0.24059; max abs err 0.0064 > atol 1e-12 + rtol 1e-07·|ref|")
CONSISTENCY_MSG = ("dx: your gradient disagrees with your own sigmoid: along a random direction u, central "
                   "differences of Σ dout·forward give 0.24059, your dx·u gives 0.234228")
STABILITY_MSG = ("sigmoid_backward → dx: 1/9 elements differ; worst [4]: got 0.25, off by 0.3 (rel 596 %) "
                 "(on inputs up to 10000 in magnitude)")


def _lines_of(source: str, name: str) -> list[int]:
    """The lines of the top-level `def name` in `source`, found by text (not by the module under test)."""
    lines = source.split("\n")
    first = next(i for i, line in enumerate(lines, 1) if line.startswith(f"def {name}("))
    last = first
    while last < len(lines) and (lines[last].startswith((" ", "\t")) or not lines[last].strip()):
        last += 1
    while not lines[last - 1].strip():
        last -= 1
    return list(range(first, last + 1))


def _result(source: str | None, *checks: CheckResult, task: str = "sigmoid",
            more: list[TaskResult] = ()) -> GradeResult:
    tasks = [TaskResult(task, "Stable sigmoid and its backward pass", "numpy", list(checks), ["cpu"]), *more]
    return GradeResult("answers.py", 7, tasks, {}, versions={"python": "3.11"}, source=source)


def _marked(view) -> dict[int, tuple[str, ...]]:
    return {row.number: row.labels for row in view.rows if not row.cut and row.marked}


def _wrong_backward() -> GradeResult:
    return _result(WRONG_SIGMOID, CheckResult("values: sigmoid", "passed"),
                   CheckResult("gradients: sigmoid_backward", "failed", GRADIENTS_MSG),
                   CheckResult("grad_consistency: sigmoid_backward", "failed", CONSISTENCY_MSG),
                   CheckResult("stability: sigmoid", "failed", STABILITY_MSG),
                   CheckResult("inputs_unchanged", "passed"))


def _render_md(markdown: str) -> str:
    """Markdown as a permissive renderer shows it: raw HTML passes through."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def _code_section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


# ------------------------------------------------------------------ which lines
def test_exported_members():
    assert grader.render.marks.__all__ == ["CodeLine", "CodeView", "Cut", "MarkedRange", "marked_source",
                                           "MAX_LINES"]


def test_a_wrong_backward_marks_the_backward_and_not_the_forward():
    view = marked_source(_wrong_backward(), task_functions=FUNCTIONS)
    marked = _marked(view)
    backward = _lines_of(WRONG_SIGMOID, "sigmoid_backward")
    assert sorted(marked) == backward  # the whole body, def line to return
    assert not set(marked) & set(_lines_of(WRONG_SIGMOID, "sigmoid"))
    # stability: sigmoid blames the backward in its message; grad_consistency names "your own sigmoid"
    assert marked[backward[0]] == ("gradients: sigmoid_backward failed",
                                   "grad_consistency: sigmoid_backward failed", "stability: sigmoid failed")
    starts = [row.number for row in view.rows if not row.cut and row.starts]
    assert starts == [backward[0]]  # labels shown once, at the first line of the range
    assert [(r.first, r.last) for r in view.ranges] == [(backward[0], backward[-1])]
    assert view.total == view.shown == len(WRONG_SIGMOID.rstrip("\n").split("\n")) and view.parsed


def test_the_shipped_bank_names_the_functions_of_a_task():
    view = marked_source(_result(WRONG_SIGMOID, CheckResult("inputs_unchanged", "failed", "in place")))
    assert sorted(_marked(view)) == sorted(_lines_of(WRONG_SIGMOID, "sigmoid")
                                           + _lines_of(WRONG_SIGMOID, "sigmoid_backward"))


def test_an_error_with_a_line_number_marks_that_line():
    line = _lines_of(WRONG_SIGMOID, "sigmoid")[2]
    msg = (f"case 2 (x (7,)): sigmoid raised ZeroDivisionError: division by zero (submission.py line {line})\n"
           f"  submission.py, line {line}, in sigmoid\n    z = np.exp(-np.abs(x))")
    view = marked_source(_result(WRONG_SIGMOID, CheckResult("values: sigmoid", "error", msg)),
                         task_functions=FUNCTIONS)
    assert _marked(view) == {line: ("values: sigmoid raised an error",)}


def test_a_line_past_the_end_falls_back_to_the_function():
    msg = "sigmoid raised ValueError: bad (submission.py line 999)"
    view = marked_source(_result(WRONG_SIGMOID, CheckResult("values: sigmoid", "timeout", msg)),
                         task_functions=FUNCTIONS)
    assert sorted(_marked(view)) == _lines_of(WRONG_SIGMOID, "sigmoid")
    assert set(_marked(view).values()) == {("values: sigmoid timed out",)}


def test_a_load_failure_marks_its_line_or_every_function_of_the_task():
    with_line = CheckResult("load", "error", "importing the submission raised NameError: name 'q' is "
                                             "not defined (line 9)")
    assert sorted(_marked(marked_source(_result(WRONG_SIGMOID, with_line), task_functions=FUNCTIONS))) == [9]
    without = CheckResult("load", "error", "importing the submission raised SystemExit: 3")
    marked = _marked(marked_source(_result(WRONG_SIGMOID, without), task_functions=FUNCTIONS))
    assert sorted(marked) == sorted(_lines_of(WRONG_SIGMOID, "sigmoid")
                                    + _lines_of(WRONG_SIGMOID, "sigmoid_backward"))


def test_inputs_unchanged_marks_the_function_that_wrote_its_input():
    msg = ("sigmoid_backward changed its argument dout in place (1/1 elements); return new arrays and "
           "leave inputs untouched")
    view = marked_source(_result(WRONG_SIGMOID, CheckResult("inputs_unchanged", "failed", msg)),
                         task_functions=FUNCTIONS)
    assert sorted(_marked(view)) == _lines_of(WRONG_SIGMOID, "sigmoid_backward")


def test_a_failure_that_follows_from_the_forward_marks_the_forward():
    view = marked_source(_result(WRONG_SIGMOID, CheckResult("values: sigmoid", "failed", "sigmoid → out: ..."),
                                 CheckResult("grad_consistency: sigmoid_backward", "failed", CONSISTENCY_MSG,
                                             follows="values: sigmoid")), task_functions=FUNCTIONS)
    marked = _marked(view)
    assert sorted(marked) == _lines_of(WRONG_SIGMOID, "sigmoid")
    assert set(marked.values()) == {("values: sigmoid failed", "grad_consistency: sigmoid_backward failed "
                                     "(follows from the failed values: sigmoid)")}


def test_a_check_on_two_devices_is_one_label():
    checks = [CheckResult("gradients: sigmoid_backward", "failed", GRADIENTS_MSG, device=d) for d in ("cpu", "cuda")]
    assert set(_marked(marked_source(_result(WRONG_SIGMOID, *checks), task_functions=FUNCTIONS)).values()) == {
        ("gradients: sigmoid_backward failed",)}


def test_labels_name_the_task_when_a_file_has_several():
    relu = TaskResult("relu", "ReLU", "numpy", [CheckResult("values: relu", "failed", "relu → out: ...")])
    source = WRONG_SIGMOID + "\n\ndef relu(x):\n    return x\n"
    view = marked_source(_result(source, CheckResult("values: sigmoid", "passed"), more=[relu]),
                         task_functions={**FUNCTIONS, "relu": ("relu",)})
    assert _marked(view) == {n: ("relu: values: relu failed",) for n in _lines_of(source, "relu")}


def test_a_passing_submission_has_no_marks(tmp_path):
    result = _result(SIGMOID, *(CheckResult(n, "passed") for n in ("values: sigmoid", "stability: sigmoid")),
                     CheckResult("distribution: rng", "not_gradable", "line 3 is not checked"))
    view = marked_source(result, task_functions=FUNCTIONS)
    assert not view.marked and not _marked(view) and not view.ranges
    assert [row.text for row in view.rows] == SIGMOID.rstrip("\n").split("\n")  # all of it, as it is
    html = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    md = write_report(result, tmp_path / "r.md").read_text(encoding="utf-8")
    body = html[html.index("<body>"):]
    assert "<h2>Code</h2>" in body and "src-marked" not in body and "No failed check points at a line." in body
    code = _code_section(md, "## Code", "## Environment")
    assert ">>" not in code and "\n- line" not in code and "def sigmoid_backward(dout, x):" in code


def test_a_source_that_does_not_parse_is_shown_with_line_marks_only():
    source = "import numpy as np\n\ndef sigmoid(x):\n    return (1 / (1 + np.exp(-x))\n\ndef sigmoid_backward(d, x):\n    return d\n"
    load = CheckResult("load", "error", "the file does not compile: could not parse: SyntaxError: '(' was "
                                        "never closed (line 4)")
    view = marked_source(_result(source, load, CheckResult("values: sigmoid", "failed", "sigmoid → out")),
                         task_functions=FUNCTIONS)
    assert not view.parsed and _marked(view) == {4: ("load raised an error",)}
    assert len(view.rows) == 7 and view.rows[3].text == "    return (1 / (1 + np.exp(-x))"


def test_no_source_no_code_section(tmp_path):
    result = _result(None, CheckResult("values: sigmoid", "failed", "sigmoid → out"))
    assert marked_source(result) is None
    assert "Code" not in write_report(result, tmp_path / "r.html").read_text(encoding="utf-8").split("</table>", 1)[1]
    assert "## Code" not in write_report(result, tmp_path / "r.md").read_text(encoding="utf-8")


def test_line_numbers_follow_pythons_line_ends():
    """Python starts a line at "\\r\\n", "\\r" and "\\n" (a traceback's numbers count them so);
    a form feed or U+2028 starts none."""
    source = "import numpy as np\r\ndef helper():\r    return 1  # \x0c\u2028\x0b\n\ndef sigmoid(x):\n    return x\n"
    view = marked_source(_result(source, CheckResult("values: sigmoid", "failed", "sigmoid → out")),
                         task_functions=FUNCTIONS)
    assert sorted(_marked(view)) == [5, 6] and view.total == 6
    assert view.rows[2].text == "    return 1  # \\x0c\\u2028\\x0b"


def test_a_long_source_shows_the_marks_with_context_and_says_what_was_cut():
    filler = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(2000))  # 6000 lines
    source = filler + "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n" + filler
    first = 6001
    msg = "sigmoid raised ValueError: bad (submission.py line 7)"  # a mark near the top, too
    view = marked_source(_result(source, CheckResult("values: sigmoid", "failed", "sigmoid → out"),
                                 CheckResult("stability: sigmoid", "error", msg)), task_functions=FUNCTIONS)
    shown = [row.number for row in view.rows if not row.cut]
    assert view.total == 12002 and view.shown == len(shown) and MAX_LINES - 2 <= len(shown) <= MAX_LINES
    assert {7, first, first + 1} <= set(shown)
    assert all(abs(n - 7) <= 200 or abs(n - first) <= 200 for n in shown)  # context around the marks
    cuts = [row for row in view.rows if row.cut]
    assert [c.span for c in cuts] == [f"{shown[i] + 1}–{shown[i + 1] - 1}" for i in range(len(shown) - 1)
                                      if shown[i + 1] > shown[i] + 1] + [f"{shown[-1] + 1}–12002"]
    md = view.plain()
    assert f"… lines {cuts[0].span} not shown …" in md and len(md.split("\n")) == len(view.rows)


def test_a_marked_function_longer_than_the_window_shows_its_start():
    source = "def sigmoid(x):\n" + "    x = x + 1\n" * (MAX_LINES * 2) + "    return x\n"
    view = marked_source(_result(source, CheckResult("values: sigmoid", "failed", "sigmoid → out")),
                         task_functions=FUNCTIONS)
    shown = [row for row in view.rows if not row.cut]
    assert [row.number for row in shown] == list(range(1, MAX_LINES + 1)) and all(row.marked for row in shown)
    assert [row.number for row in shown if row.starts] == [1]
    assert view.rows[-1].cut and [r.span for r in view.rows[-1].ranges] == [f"1–{MAX_LINES * 2 + 2}"]


def test_a_long_source_without_marks_shows_its_start():
    source = "x = 1\n" * (MAX_LINES * 3)
    view = marked_source(_result(source, CheckResult("values: sigmoid", "passed")), task_functions=FUNCTIONS)
    assert [row.number for row in view.rows if not row.cut] == list(range(1, MAX_LINES + 1))
    assert view.rows[-1].cut and view.rows[-1].span == f"{MAX_LINES + 1}–{MAX_LINES * 3}"


def test_a_long_line_is_cut():
    source = "def sigmoid(x):\n    return x" + " + x" * 1000 + "\n"
    row = marked_source(_result(source, CheckResult("values: sigmoid", "passed")),
                        task_functions=FUNCTIONS).rows[1]
    assert isinstance(row, CodeLine) and len(row.text) < MAX_LINE_CHARS + 40
    assert row.text.endswith(f"… ({len(source.split(chr(10))[1]) - MAX_LINE_CHARS} more characters)")


# ------------------------------------------------------------------ reports
def test_html_and_markdown_reports_show_the_marked_code(tmp_path):
    result = _wrong_backward()
    backward = _lines_of(WRONG_SIGMOID, "sigmoid_backward")
    html = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    code = _code_section(html, "<h2>Code</h2>", "</table>")
    assert html.index("<h2>Code</h2>") > html.index("stability: sigmoid") and html.index("<h2>Environment</h2>") > html.index("<h2>Code</h2>")
    marked = [int(n) for n in re.findall(r'<tr class="src-line src-marked"><td class="src-ln">(\d+)</td><td class="src-mk">▶</td>', code)]
    assert marked == backward
    why = re.findall(r'<tr class="src-why">.*?<td class="src-tx">(.*?)</td></tr>', code)
    assert why == ["gradients: sigmoid_backward failed · grad_consistency: sigmoid_backward failed · "
                   "stability: sigmoid failed"]
    assert code.index(f'<td class="src-ln">{backward[0]}</td>') < code.index('class="src-why"') < code.index(
        f'<td class="src-ln">{backward[1]}</td>')  # under the first line of the range

    md = write_report(result, tmp_path / "r.md").read_text(encoding="utf-8")
    section = _code_section(md, "## Code", "## Environment")
    block = re.search(r"^```text\n(.*?)\n```$", section, re.S | re.M).group(1).split("\n")
    assert [int(line.split()[0]) for line in block if line[3:5] == ">>"] == backward
    assert f"{backward[0]:>2} >> def sigmoid_backward(dout, x):" in block
    assert " 1    \"\"\"Numerically stable logistic sigmoid and its gradient." in block
    assert (f"- line {backward[0]}–{backward[-1]}: gradients: sigmoid_backward failed; grad_consistency: "
            f"sigmoid_backward failed; stability: sigmoid failed\n") in section


HOSTILE = ("import numpy as np\n"
           "def sigmoid(x):\n"
           "    s = '</pre></td></tr></table><script>alert(1)</script>'\n"
           "    t = '\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\u202e'\n"
           "    ```\n"
           "    `````` <img src=x onerror=alert(1)> [x](javascript:alert(1))\n"
           "    return s\r"
           "def sigmoid_backward(dout, x):\n"
           "    return dout\n")


def _hostile() -> GradeResult:
    return _result(HOSTILE, CheckResult("load", "error", "the file does not compile: could not parse: "
                                                         "SyntaxError: invalid syntax (line 5)"))


def test_hostile_source_cannot_escape_the_html_report(tmp_path):
    html = write_report(_hostile(), tmp_path / "r.html").read_text(encoding="utf-8")
    body = html[html.index("<body>"):]
    assert not re.search(r"<script|<img|</pre>", body, re.I) and body.count("</table>") == 3
    assert "&lt;/pre&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "\x1b" not in html and "\x07" not in html and "\u202e" not in html and "\r" not in html
    assert "\\x1b[2J\\x1b]52;c;cm0gLXJmIH4=\\x07\\u202e" in body
    assert '<td class="src-ln">5</td><td class="src-mk">▶</td><td class="src-tx">    ```</td>' in body
    assert '<td class="src-ln">8</td>' in body  # "\r" ended line 7, as it does for Python


def test_hostile_source_cannot_escape_the_markdown_report(tmp_path):
    md = write_report(_hostile(), tmp_path / "r.md").read_text(encoding="utf-8")
    assert "\x1b" not in md and "\x07" not in md and "\u202e" not in md and "\r" not in md
    assert "\n```````text\n" in md and "\n```````\n" in md  # longer than the source's ``````
    rendered = _render_md(md)
    assert not re.search(r"<script|<img|<a\b|</pre></td>", rendered, re.I)
    code = re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", rendered, re.S)
    assert len(code) == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in code[0]
    assert "5 &gt;&gt;     ```\n" in code[0] and "\\x1b[2J" in code[0] and "9        return dout" in code[0]
    assert "<li>line 5: load raised an error</li>" in rendered


# ------------------------------------------------------------------ end to end
@pytest.mark.slow  # grades in the sandbox
def test_grading_a_wrong_backward_marks_it_in_the_reports(grade_source, tmp_path):
    result = grade_source(WRONG_SIGMOID, seed=1)
    assert result.source == WRONG_SIGMOID
    failed = {c.name for t in result.tasks for c in t.checks if not c.passed}
    assert "gradients: sigmoid_backward" in failed and "values: sigmoid" not in failed
    backward = _lines_of(WRONG_SIGMOID, "sigmoid_backward")
    view = marked_source(result)
    assert sorted(_marked(view)) == backward
    html = write_report(result, tmp_path / "r.html").read_text(encoding="utf-8")
    assert [int(n) for n in re.findall(r'<tr class="src-line src-marked"><td class="src-ln">(\d+)</td>', html)] == backward
    md = write_report(result, tmp_path / "r.md").read_text(encoding="utf-8")
    assert f"{backward[0]:>2} >> def sigmoid_backward(dout, x):" in md
    assert re.search(rf"^- line {backward[0]}–{backward[-1]}: gradients: sigmoid_backward failed", md, re.M)
