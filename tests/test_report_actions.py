"""Reports a candidate can act on: follow-on failures said once, missing functions named,
scores weighted by what matters, a one-line sandbox notice."""

from __future__ import annotations

import json

import pytest

from conftest import GOOD_SIGMOID, check
from grader.grading.results import CheckResult, TaskResult, check_weight

pytestmark = pytest.mark.slow

WRONG_TORCH_FORWARD = """
import torch
FRAMEWORK = "torch"
def sigmoid(x):
    return 2 * torch.sigmoid(x)
"""


def test_gradients_of_a_wrong_torch_forward_follow_it(grade_source, quiz_cli, tmp_path):
    result = grade_source(WRONG_TORCH_FORWARD)
    assert not check(result, "sigmoid", "values").passed
    grads = check(result, "sigmoid", "gradients")
    assert not grads.passed and grads.follows == "values: sigmoid"
    f = tmp_path / "wrong.py"
    f.write_text(WRONG_TORCH_FORWARD)
    out = quiz_cli("grade", f, "--no-record", "--seed", "5").stdout
    line = next(l for l in out.splitlines() if "gradients: sigmoid" in l)
    assert "follows from the failed values: sigmoid" in line
    verbose = quiz_cli("grade", f, "--no-record", "--seed", "5", "--verbose").stdout
    # the gradient's own numbers appear only with --verbose
    assert out.count("elements differ") < verbose.count("elements differ")


def test_a_correct_numpy_backward_is_not_blamed_for_a_wrong_forward(grade_source):
    src = GOOD_SIGMOID.replace("    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
                               "    return 2 * np.where(x >= 0, 1 / (1 + e), e / (1 + e))", 1)
    src = src.replace("    s = sigmoid(x)", "    e = np.exp(-np.abs(x))\n    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))")
    result = grade_source(src)
    assert not check(result, "sigmoid", "values").passed
    assert check(result, "sigmoid", "gradients").passed
    consistency = check(result, "sigmoid", "grad_consistency")
    assert not consistency.passed and consistency.follows == "values: sigmoid"


def test_a_missing_function_is_named_with_the_file(grade_source):
    src = GOOD_SIGMOID.split("def sigmoid_backward")[0]
    result = grade_source(src, task_ids=("sigmoid",))
    c = check(result, "sigmoid", "gradients")
    assert "submission.py does not define sigmoid_backward" in c.message
    assert "NameError" not in c.message


def test_a_wrong_forward_costs_more_than_an_in_place_write():
    def score(failed: str) -> float:
        names = ["values: f", "gradients: g", "grad_consistency: g", "inputs_unchanged"]
        return TaskResult("t", "t", "numpy", checks=[CheckResult(n, "failed" if n == failed else "passed")
                                                        for n in names]).score
    assert score("inputs_unchanged") > score("grad_consistency: g") > score("gradients: g") > score("values: f")
    assert check_weight("values: sigmoid") == 3 * check_weight("grad_consistency: x")


def test_the_sandbox_notice_is_one_line_unless_verbose(quiz_cli, tmp_path):
    f = tmp_path / "ok.py"
    f.write_text(GOOD_SIGMOID)
    out = quiz_cli("grade", f, "--no-record").stdout
    sandbox = [l for l in out.splitlines() if l.startswith("sandbox:")]
    assert len(sandbox) == 1 and "seccomp" not in sandbox[0]
    out = quiz_cli("grade", f, "--no-record", "--verbose").stdout
    assert "PID namespace" in out or "NOT jailed" in out
    data = json.loads(quiz_cli("grade", f, "--no-record", "--json").stdout)
    assert data["isolation"]["mechanisms"]


@pytest.mark.parametrize("name", ["lstm_cell__gate_order_ifog.py", "lstm_cell__gate_order_ifog_torch.py"])
def test_permuted_gate_blocks_are_named(name):
    from pathlib import Path

    from grader.grading import GradeOptions, grade_file

    wrong = Path(__file__).parent / "wrong" / name
    result = grade_file(wrong, GradeOptions(task_ids=("lstm_cell",), seed=11, device="cpu"))
    msg = check(result, "lstm_cell", "values").message
    assert "read in the order i, f, o, g; the contract's order is i, f, g, o" in msg
    # a one-element case shows no signature: one number cannot prove an order
    assert "case 1 (x (1, 1)" in msg and "case 1 (x (1, 1), h_prev (1, 1), c_prev (1, 1), Wx (1, 4), " \
        "Wh (1, 4), b (4,)): lstm_cell_forward: blocks" not in msg


def test_a_correct_lstm_claims_no_signature():
    from pathlib import Path

    from grader.grading import GradeOptions, grade_file

    sol = Path(__file__).resolve().parent.parent / "solutions" / "lstm_cell.py"
    result = grade_file(sol, GradeOptions(seed=11))
    assert result.passed


@pytest.mark.parametrize("name, said", [
    ("conv2d__padding_ignored.py", "your output is what padding=0 gives, but the case asks for padding=1"),
    ("conv2d__stride_ignored_torch.py", "your output is what stride=1 gives, but the case asks for stride=2"),
    ("softmax__axis0_hardcoded.py", "your output is what axis=0 gives, but the case asks for axis=-1"),
])
def test_an_ignored_argument_is_named(name, said):
    from pathlib import Path

    from grader.grading import GradeOptions, grade_file

    task = name.split("__")[0]
    wrong = Path(__file__).parent / "wrong" / name
    result = grade_file(wrong, GradeOptions(task_ids=(task,), seed=3, device="cpu"))
    assert said in check(result, task, "values").message
