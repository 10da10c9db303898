"""The gradient-consistency check tells "your backward disagrees with your forward" apart
from "your forward is wrong", on per-element and on returned-as-value gradients."""

from __future__ import annotations

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
