"""The gradient-consistency check tells "your backward disagrees with your forward" apart
from "your forward is wrong", on per-element and on returned-as-value gradients."""

from __future__ import annotations

import numpy as np

from conftest import check

WRONG_FORWARD_CONSISTENT_BACKWARD = """
import numpy as np
def sigmoid(x):                      # wrong: tanh instead of the logistic function
    return np.tanh(x)
def sigmoid_backward(dout, x):       # ...but the exact derivative of that forward
    return dout * (1 - np.tanh(x) ** 2)
"""

RIGHT_FORWARD_WRONG_BACKWARD = """
import numpy as np
def sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))
def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s                   # missing (1 - s)
"""

CE_WRONG_GRAD = """
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    n = logits.shape[0]
    loss = -logp[np.arange(n), labels].mean()
    d = np.exp(logp)
    d[np.arange(n), labels] -= 1
    return loss, d                    # missing / n
"""


def test_consistent_backward_of_a_wrong_forward(grade_source):
    result = grade_source(WRONG_FORWARD_CONSISTENT_BACKWARD)
    assert check(result, "sigmoid", "values").status == "failed"
    assert check(result, "sigmoid", "gradients").status == "failed"
    assert check(result, "sigmoid", "grad_consistency").passed


def test_backward_that_disagrees_with_its_own_forward(grade_source):
    result = grade_source(RIGHT_FORWARD_WRONG_BACKWARD)
    assert check(result, "sigmoid", "values").passed
    c = check(result, "sigmoid", "grad_consistency")
    assert c.status == "failed" and "disagrees with your own sigmoid" in c.message


def test_returned_gradient_checked_against_own_loss(grade_source):
    result = grade_source(CE_WRONG_GRAD)
    assert check(result, "softmax_cross_entropy", "values").passed
    g = check(result, "softmax_cross_entropy", "gradients")
    assert g.status == "failed" and "dlogits" in g.message and "1/N" in g.message
    c = check(result, "softmax_cross_entropy", "grad_consistency")
    assert c.status == "failed" and "central differences of loss" in c.message


def test_float32_outputs_are_named(grade_source):
    result = grade_source("""
import numpy as np
def sigmoid(x):
    return (0.5 * (1 + np.tanh(x / 2))).astype(np.float32)
""", task_ids=("sigmoid",))
    c = check(result, "sigmoid", "values")
    assert c.status == "failed"  # the same for every case: said once, with the cases listed
    assert c.message == "case 1 (x (1,)) and cases 2–4: sigmoid → out: dtype float32, expected float64"
    result = grade_source("""
FRAMEWORK = "torch"
import torch
def sigmoid(x):
    return torch.sigmoid(x).float()
""", device="cpu")
    c = check(result, "sigmoid", "values")
    assert c.status == "failed" and c.message.startswith("case 1 (x (1,)) and cases 2–4: ")
    assert c.message.count("dtype torch.float32, expected torch.float64") == 1


def test_missing_batch_sum_is_diagnosed(grade_source):
    result = grade_source("""
def linear_forward(x, W, b):
    return x @ W + b
def linear_backward(dout, x, W, b):
    return dout @ W.T, x.T @ dout, dout
""")
    c = check(result, "linear", "gradients")
    assert c.status == "failed" and "did you forget to sum over the batch axis 0" in c.message


def test_checks_with_nothing_to_look_at_are_not_passed(grade_source):
    result = grade_source("""
def sigmoid(x):
    raise NotImplementedError
def sigmoid_backward(dout, x):
    raise NotImplementedError
""")
    assert check(result, "sigmoid", "values").status == "error"
    assert check(result, "sigmoid", "grad_consistency").status == "not_gradable"
    c = check(result, "sigmoid", "inputs_unchanged")
    assert c.status == "not_gradable" and "no call returned an answer" in c.message
    assert result.tasks[0].score == 0.0


def test_only_a_public_case_names_the_expected_value():
    from grader.banks.schema import Tolerance
    from grader.grading.compare import compare_arrays

    tol = Tolerance(rtol=1e-7, atol=1e-12)
    got, ref = np.array([[0.5, 0.913]]), np.array([[0.5, 0.871]])
    public = compare_arrays("out", got, ref, tol, reveal=True)
    assert "worst [0, 1]: got 0.913, expected 0.871" in public
    hidden = compare_arrays("out", got, ref, tol)  # the default reveals nothing
    assert "worst [0, 1]: got 0.913, off by 0.042 (rel 4.8 %)" in hidden
    assert "0.871" not in hidden and "expected" not in hidden
    scalar = compare_arrays("loss", np.array(2.0), np.array(1.0), tol)
    assert scalar.startswith("loss: got 2, off by 1 (rel 100 %)") and "2 × the expected" in scalar
    # one number is always a multiple of another: only a whole factor is a bug's signature
    assert "constant factor" not in compare_arrays("loss", np.array(1.015), np.array(1.0), tol)
