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


@pytest.mark.parametrize("args, message", [
    (("sheet", "--topic", "cnn", "-o", "{tmp}/s.pdf", "--format", "html"), "names a PDF file but --format html"),
    (("guide", "--topic", "cnn", "-o", "{tmp}/g.html", "--format", "pdf"), "names a HTML file but --format pdf"),
    (("sheet", "--topic", "cnn", "-o", "{tmp}/s.txt"), "cannot tell the format of"),
], ids=["pdf-name-html-format", "html-name-pdf-format", "unknown-extension"])
def test_the_extension_decides_the_format_and_a_mismatch_is_refused(quiz_cli, tmp_path, args, message):
    r = quiz_cli(*[a.format(tmp=tmp_path) for a in args])
    assert r.returncode == 2 and message in r.stderr
    assert not list(tmp_path.iterdir())  # nothing written under the wrong name


def test_the_extension_alone_picks_the_format(quiz_cli, tmp_path):
    r = quiz_cli("sheet", "--topic", "cnn", "--count", "3", "--seed", "1", "-o", tmp_path / "s.md")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert text.startswith("# ") and "<html" not in text.lower()  # Markdown, not HTML


def test_a_sheet_honours_the_count_and_says_when_fewer_exist(quiz_cli, tmp_path):
    r = quiz_cli("sheet", "--topic", "cnn", "--count", "3", "-o", tmp_path / "s.md")
    assert "(3 items," in r.stdout
    r = quiz_cli("sheet", "--topic", "gan", "--count", "500", "-o", tmp_path / "t.md")
    assert "500 were asked for" in r.stdout and r.returncode == 0


def test_stats_on_an_empty_store_says_where_progress_lives_and_how_to_start(quiz_cli, tmp_path):
    r = quiz_cli("stats", "--home", tmp_path / "home")
    assert r.returncode == 0
    assert f"No progress yet (kept in {tmp_path / 'home'})" in r.stdout and "quiz practice" in r.stdout
    assert "answered" not in r.stdout  # not a bare table header


@pytest.mark.parametrize("args, said", [
    (("tasks", "--topic", "cnnn"), "unknown topic 'cnnn' (did you mean 'cnn'?)"),
    (("hint", "lstm_cel"), "unknown task id 'lstm_cel' (did you mean 'lstm_cell'"),
    (("sheet", "--topic", "LSTM", "-o", "x.md"), "(did you mean 'lstm_gru'?)"),
], ids=["topic", "task", "topic-prefix"])
def test_an_unknown_id_suggests_the_nearest(quiz_cli, tmp_path, args, said):
    r = quiz_cli(*args, cwd=tmp_path)
    assert r.returncode == 2 and said in r.stderr and len(_lines(r.stderr)) == 1


def test_topic_ids_are_case_insensitive(quiz_cli, tmp_path):
    r = quiz_cli("tasks", "--topic", "CNN", "--home", tmp_path / "h")
    assert r.returncode == 0 and "conv2d" in r.stdout


def test_the_daily_cap_says_which_limit_stopped_the_session(quiz_cli, tmp_path):
    home = tmp_path / "h"
    # one new item a day: answer it, then ask for more
    r = quiz_cli("practice", "--home", home, "--topic", "cnn", "--kind", "true_false", "--count", "1",
                 "--new-per-day", "1", "--seed", "1", input_text="t\n")
    assert r.returncode == 0, r.stderr
    r = quiz_cli("practice", "--home", home, "--topic", "cnn", "--kind", "true_false",
                 "--new-per-day", "1", "--seed", "2", input_text="")
    assert "the daily limit of 1 new items is reached" in r.stdout and "--new-per-day" in r.stdout
    assert "--cram" in r.stdout


def test_coding_grades_are_not_new_concept_cards(quiz_cli, tmp_path):
    home = tmp_path / "h"
    r = quiz_cli("grade", "solutions/relu.py", "--home", home, "--seed", "1")
    assert r.returncode == 0, r.stderr
    r = quiz_cli("practice", "--home", home, "--topic", "activations", "--kind", "true_false",
                 "--count", "1", "--new-per-day", "1", "--seed", "3", input_text="q\n")
    # the grade did not use up the day's one new item: a question is asked
    assert "[1/1] activations" in r.stdout and "Nothing" not in r.stdout, r.stdout


def _practice(tmp_path, *args, answers=""):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "QUIZ_BANKS": str(Path(__file__).parent / "practice_bank"),
           "QUIZ_HOME": str(tmp_path / "home"), "QUIZ_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "grader", "practice", "--topic", "cnn", *args],
                          input=answers, capture_output=True, text=True, env=env, timeout=120)


def test_h_is_offered_only_where_a_hint_exists(tmp_path):
    without = _practice(tmp_path, "--kind", "true_false", "--count", "1", answers="q\n")
    assert "(t or f; s skip, q quit)" in without.stdout, without.stdout
    with_hints = _practice(tmp_path, "--kind", "numeric", "--count", "1", "--cram", answers="q\n")
    assert "h hint, s skip, q quit" in with_hints.stdout, with_hints.stdout


def test_a_sentence_for_a_letter_says_what_to_type():
    from grader.practice.answers import parse_choices

    with pytest.raises(ValueError, match=r"type the letter of your choice \(a, b, c, d\)"):
        parse_choices("the second one", "abcd")
    assert parse_choices("a, c", "abcd") == ["a", "c"]


def test_grading_to_a_pass_is_counted_as_a_solved_task_not_as_wrong_answers(quiz_cli, tmp_path):
    home = tmp_path / "h"
    for path in ("tests/wrong/relu__np_max_reduction.py", "tests/wrong/relu__gradient_at_zero.py",
                 "solutions/relu.py"):
        quiz_cli("grade", path, "--task", "relu", "--home", home, "--seed", "1")
    r = quiz_cli("stats", "--home", home)
    assert "coding tasks solved: 1/50: relu (3 attempts)" in r.stdout, r.stdout
    assert "weakest" not in r.stdout and "0%" not in r.stdout, r.stdout
    zh = quiz_cli("stats", "--home", home, "--lang", "zh")
    assert "已通过的编程题：1/50：relu（3 次提交）" in zh.stdout and "主题" in zh.stdout, zh.stdout
    assert "solved" not in zh.stdout and "answered" not in zh.stdout


def test_stats_in_chinese_on_an_empty_store(quiz_cli, tmp_path):
    r = quiz_cli("stats", "--home", tmp_path / "home", "--lang", "zh")
    assert r.returncode == 0 and f"还没有练习记录（保存在 {tmp_path / 'home'}）" in r.stdout, r.stdout


# every command, given a missing file, an unknown id or a typo: one line, exit 2
@pytest.mark.parametrize("args,says", [
    (("grade", "{missing}/a.py"), "no such file"),
    (("grade", "{missing}", "{missing}/b.py"), "no such file or folder"),
    (("grade", "solutions/relu.py", "--task", "rleu"), "did you mean 'relu'"),
    (("lint", "{missing}/bank.yaml"), "no such file"),
    (("start", "conv2dd"), "did you mean 'conv2d'"),
    (("hint", "sigmod"), "did you mean 'sigmoid'"),
    (("solution", "sigmoidd"), "did you mean 'sigmoid'"),
    (("notebook", "--task", "sigmod", "-o", "{tmp}/n.ipynb"), "did you mean 'sigmoid'"),
    (("tasks", "--topic", "cnnn"), "did you mean 'cnn'"),
    (("practice", "--topic", "lstm"), "did you mean 'lstm_gru'"),
    (("guide", "--topic", "atention", "-o", "{tmp}/g.html"), "did you mean 'attention'"),
    (("grade",), "missing argument 'PATH...' (see 'quiz grade -h')"),
    (("gradee", "x.py"), "did you mean 'grade'"),
    (("sheet", "--formt", "pdf"), "'--format'"),
    (("grade", "solutions/relu.py", "--jobs", "0"), "(see 'quiz grade -h')"),
], ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_every_command_says_what_went_wrong_in_one_line(quiz_cli, tmp_path, args, says):
    r = quiz_cli(*[a.format(missing=tmp_path / "no", tmp=tmp_path) for a in args])
    assert r.returncode == 2, r.stderr
    (line,) = _lines(r.stderr)
    assert line.startswith("error: ") and says in line.lower() or says in line, line
    assert "Traceback" not in r.stderr and "Usage:" not in r.stderr
