"""A newcomer's first hour (issue 13): expected failures are one line, exit 2, no class
names, and nothing already done (a grade) is lost."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # runs the CLI as a user would


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


@pytest.mark.parametrize("args", [
    ("sheet", "-o", "{missing}/s.html"),
    ("guide", "--topic", "cnn", "-o", "{missing}/g.md"),
    ("start", "conv2d", "-o", "{missing}/c.py"),
    ("notebook", "--task", "sigmoid", "-o", "{missing}/n.ipynb"),
    ("sheet", "-o", "{folder}"),
    ("stats", "--home", "{file}/home"),
], ids=["sheet", "guide", "start", "notebook", "a-folder", "home"])
def test_a_bad_output_path_is_one_line_and_exit_2(quiz_cli, tmp_path, args):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    fill = {"missing": tmp_path / "no" / "such", "folder": tmp_path, "file": a_file}
    r = quiz_cli(*[a.format(**fill) for a in args])
    assert r.returncode == 2, r.stderr
    (line,) = _lines(r.stderr)
    assert line.startswith("error: cannot "), line
    assert "Traceback" not in r.stderr and "Error:" not in line


def test_a_report_that_cannot_be_written_keeps_the_grade(quiz_cli, tmp_path):
    r = quiz_cli("grade", "solutions/relu.py", "--no-record", "--seed", "1",
                 "--report", tmp_path / "no" / "r.html")
    assert r.returncode == 2
    assert "PASS relu" in r.stdout and "1/1 tasks passed" in r.stdout  # the grade is printed
    assert _lines(r.stderr) == [f"error: cannot write {tmp_path / 'no' / 'r.html'}: No such file or directory"]
