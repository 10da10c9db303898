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
