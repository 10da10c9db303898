"""Bank loading: the shipped banks are valid; broken files report every problem with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.banks import bank_paths, load_bank, load_bank_files
from grader.errors import BankError

BROKEN = Path(__file__).parent / "banks_broken"
TASK_IDS = {"sigmoid", "softmax", "softmax_cross_entropy", "linear", "mlp_backprop", "l1_l2_penalty",
            "dropout", "sgd_momentum", "adam", "conv2d", "lstm_cell", "gan_step"}


def test_shipped_banks_hold_the_first_twelve_tasks():
    bank = load_bank()
    assert TASK_IDS <= set(bank.tasks)
    for task in bank.tasks.values():
        assert "TODO" not in task.prompt.en + task.prompt.zh + task.explanation.en + task.explanation.zh
        assert len(task.hints) >= 2
        for f in task.forward_functions:
            assert f.name in task.prompt.en and f.name in task.prompt.zh, (task.id, f.name)


def test_every_problem_is_reported_with_file_and_line():
    with pytest.raises(BankError) as info:
        load_bank_files(sorted(BROKEN.glob("*.yaml")))
    problems = info.value.problems
    text = "\n".join(problems)
    expected = [
        r"activations\.yaml:5: tasks\.0\.difficulty: Input should be less than or equal to 3",
        r"activations\.yaml:6: tasks\.0\.prompt\.zh: Field required",
        r"activations\.yaml:12: tasks\.0\.cases\.0\.x\.lowest: Extra inputs are not permitted",
        r"activations\.yaml:13: tasks\.0\.checks\.1: Input should be 'values', .*",
        r"cnn\.yaml:8: tasks\.0\.functions\.0\.signature: .*not a Python signature",
        r"rnn\.yaml:\d+: YAML syntax",
    ]
    for pattern in expected:
        assert re.search(pattern, text), f"{pattern!r} not in:\n{text}"


def test_duplicate_ids_and_wrong_topic(tmp_path):
    good = Path(bank_paths()[0]).read_text(encoding="utf-8")
    topic = Path(bank_paths()[0]).stem
    (tmp_path / f"{topic}.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(good, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank_files(sorted(tmp_path.glob("*.yaml")))
    text = "\n".join(info.value.problems)
    assert "duplicate task id" in text and f"first at {tmp_path / (topic + '.yaml')}:" in text


BROKEN_Q = Path(__file__).parent / "banks_broken_questions"


def test_lint_rejects_each_broken_question_with_file_and_line(quiz_cli):
    r = quiz_cli("lint", BROKEN_Q)
    assert r.returncode == 1
    expected = [
        r"astrology\.yaml:2: questions\.0\.topic: unknown topic 'astrology'",
        r"cnn\.yaml:2: questions\.0: answer \['e'\] is not among the option keys",
        r"cnn\.yaml:13: questions\.1: two options have the same en text",
        r"cnn\.yaml:28: questions\.2\.prompt\.zh: Field required",
        r"cnn\.yaml:31: cnn\.english-zh: prompt\.zh has no Chinese text",
        r"cnn\.yaml:38: cnn\.bad-import: answer\.compute .*no_such_function.* not found",
        r"cnn\.yaml:46: questions\.5: prompt uses \['k'\], which are not parameters",
        r"cnn\.yaml:54: cnn\.never-valid: no combination of parameters gives an answer",
        r"cnn\.yaml:62: questions\.7: answer\.line 5 is past the end of the code",
        r"cnn\.yaml:72: cnn\.placeholder-in-explanation: explanation\.en: placeholders \['mystery'\]",
    ]
    for pattern in expected:
        assert re.search(pattern, r.stdout), f"{pattern!r} not in:\n{r.stdout}"
    assert "Traceback" not in r.stdout + r.stderr
    assert "10 problems" in r.stderr


def test_duplicate_question_ids_across_files(quiz_cli):
    r = quiz_cli("lint", BROKEN_Q / "astrology.yaml", Path(__file__).parent.parent / "questions" / "cnn.yaml")
    assert r.returncode == 1 and "duplicate id 'cnn.pooling-params'" in r.stdout


def test_schema_file_is_current(quiz_cli):
    r = quiz_cli("schema")
    assert r.returncode == 0
    shipped = (Path(__file__).parent.parent / "questions" / "_schema.json").read_text(encoding="utf-8")
    assert r.stdout == shipped, "run: quiz schema > questions/_schema.json"
    for path in bank_paths():
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=_schema.json")


def test_shipped_banks_lint_clean_and_meet_the_counts(quiz_cli):
    from grader.banks.lint import lint_paths

    report = lint_paths()
    assert report.problems == []
    topics = load_bank().topics
    assert len(topics) == 35
    assert report.questions >= 400
    for topic in topics:
        assert sum(report.by_topic.get(topic, {}).values()) >= 8, topic
    assert report.parameterised >= 40
    assert sum(c.get("spot_the_bug", 0) for c in report.by_topic.values()) >= 30
