"""Verdicts come from what the parent observes, never from what the child says of itself.

The child runs hostile code: it can silence its own warnings and clear the hooks that count
gradients. So stability is judged by values at extreme inputs (warnings are advice), a
missing `detach()` by the parameters it changes (the hook count is advice), and messages
about hidden cases say how far off a value is, never what the reference value is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import check
from grader.grading import GradeOptions, grade_file

pytestmark = pytest.mark.slow  # every test grades through the sandbox

WRONG = Path(__file__).parent / "wrong"

SILENCE = """
import warnings
import numpy as np
warnings.simplefilter("ignore")
np.seterr(all="ignore")
"""

NAIVE_SILENCED = {
    "softmax": SILENCE + """
def softmax(x, axis=-1):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e = np.exp(x)                            # no max subtracted: inf/inf, 0/0
        return e / e.sum(axis=axis, keepdims=True)
def softmax_backward(dout, x, axis=-1):
    s = softmax(x, axis=axis)
    return s * (dout - np.sum(dout * s, axis=axis, keepdims=True))
""",
    "sigmoid": SILENCE + """
def sigmoid(x):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.exp(x) / (1.0 + np.exp(x))     # inf/inf for large x
def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s * (1.0 - s)
""",
}


@pytest.mark.parametrize("task", sorted(NAIVE_SILENCED))
def test_silenced_naive_implementation_fails_stability_by_values(grade_source, task):
    result = grade_source(NAIVE_SILENCED[task], task_ids=(task,))
    c = check(result, task, "stability")
    assert c.status == "failed" and "NaN" in c.message, c.message
    assert "warned" not in c.message
    (t,) = result.tasks
    assert not any("overflow" in a for a in t.advice)  # silenced: nothing for advice to show


def test_textbook_sigmoid_gradient_through_autograd_is_nan(grade_source):
    # the forward rounds to the right value (1/(1 + inf) = 0), the gradient is -0·inf = NaN
    result = grade_source("""
FRAMEWORK = "torch"
import torch
def sigmoid(x):
    return 1 / (1 + torch.exp(-x))
""", device="cpu")
    assert check(result, "sigmoid", "values").passed
    c = check(result, "sigmoid", "stability")
    assert c.status == "failed" and "autograd through sigmoid" in c.message and "NaN" in c.message


def test_torch_where_over_two_textbook_branches_has_nan_gradients(grade_source):
    # right values everywhere, but the discarded branch overflows and 0 * inf poisons autograd
    result = grade_source("""
FRAMEWORK = "torch"
import torch
def sigmoid(x):
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))
""", device="cpu")
    assert check(result, "sigmoid", "values").passed
    c = check(result, "sigmoid", "stability")
    assert c.status == "failed" and "NaN" in c.message


def test_naive_backward_fails_stability_by_values(grade_source):
    result = grade_source(SILENCE + """
def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, z) / (1.0 + z)
def sigmoid_backward(dout, x):
    with np.errstate(all="ignore"):
        return dout * np.exp(-x) / (1.0 + np.exp(-x)) ** 2   # inf/inf for x < -709
""")
    assert check(result, "sigmoid", "gradients").passed
    c = check(result, "sigmoid", "stability")
    assert c.status == "failed" and "sigmoid_backward → dx" in c.message and "NaN" in c.message


def test_warning_is_advice_not_a_verdict(grade_source):
    result = grade_source("""
import warnings
import numpy as np
def sigmoid(x):
    warnings.warn("hi")
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, z) / (1.0 + z)
def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s * (1.0 - s)
""")
    assert check(result, "sigmoid", "stability").passed
    (task,) = result.tasks
    assert task.passed
    assert any("'hi'" in a for a in task.advice), task.advice
    assert len(task.advice) <= 5


def test_textbook_sigmoid_with_right_values_gets_advice(grade_source):
    # 1/(1 + e^{-x}) is the correctly rounded value even where e^{-x} overflows; the
    # overflow warning it raises is shown, not counted
    result = grade_source("""
import numpy as np
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))
def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s * (1.0 - s)
""")
    assert check(result, "sigmoid", "stability").passed
    (task,) = result.tasks
    assert any("overflow" in a for a in task.advice), task.advice


GAN_NO_DETACH = """
FRAMEWORK = "torch"
from collections import OrderedDict
import torch
import torch.nn.functional as F

def _clear_hooks(*modules):
    {clear}

def gan_train_step(G, D, opt_G, opt_D, real, z):
    _clear_hooks(G, D)
    opt_D.zero_grad()
    opt_G.zero_grad()
    fake = G(z)                                        # not detached
    d_real, d_fake = D(real), D(fake)
    d_loss = (F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
              + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))
    d_loss.backward()
    opt_D.step()
    {zero_g}
    d_gen = D(G(z))
    g_loss = F.binary_cross_entropy_with_logits(d_gen, torch.ones_like(d_gen))
    g_loss.backward()
    opt_G.step()
    return d_loss.item(), g_loss.item()
"""

HOOK_CLEARS = {
    "none": "pass",
    "tensor_hooks_none": """for m in modules:
        for p in m.parameters():
            p._backward_hooks = None""",
    "tensor_hooks_clear": """for m in modules:
        for p in m.parameters():
            if p._backward_hooks is not None:
                p._backward_hooks.clear()
            p._backward_hooks = OrderedDict()""",
    "module_hook_dicts": """import torch.nn.modules.module as mm
    for m in modules:
        for sub in m.modules():
            for name in ("_backward_hooks", "_backward_pre_hooks", "_forward_hooks",
                         "_forward_pre_hooks"):
                getattr(sub, name).clear()
    for name in ("_global_backward_hooks", "_global_backward_pre_hooks",
                 "_global_forward_hooks", "_global_forward_pre_hooks"):
        getattr(mm, name, {}).clear()
    for m in modules:
        for p in m.parameters():
            p._backward_hooks = None""",
}

_COUNTER_WORDS = re.compile(r"hook|times in one call|received gradients")


@pytest.mark.parametrize("clear", sorted(HOOK_CLEARS))
def test_missing_detach_fails_by_parameters_whatever_the_hooks(grade_source, clear):
    source = GAN_NO_DETACH.format(clear=HOOK_CLEARS[clear], zero_g="")
    result = grade_source(source, device="cpu")
    (task,) = result.tasks
    assert not task.passed
    steps, detach = check(result, "gan_step", "gan: steps"), check(result, "gan_step", "gan: detach")
    assert steps.status == "failed" and "G.0.weight after the step" in steps.message
    assert detach.status == "failed" and "g_loss's gradient plus d_loss's gradient" in detach.message
    for c in task.checks:
        assert not _COUNTER_WORDS.search(c.message), c.message


@pytest.mark.parametrize("clear", ["none", "tensor_hooks_none"])
def test_missing_detach_that_changes_no_value_is_advice(grade_source, clear):
    # G's gradients from d_loss are zeroed before G's step: every parameter comes out right
    source = GAN_NO_DETACH.format(clear=HOOK_CLEARS[clear], zero_g="opt_G.zero_grad()")
    result = grade_source(source, device="cpu")
    (task,) = result.tasks
    assert task.passed, [(c.name, c.message) for c in task.checks]
    if clear == "none":  # the hooks saw G reached twice per call: shown, not counted
        assert any("G(z).detach()" in a for a in task.advice), task.advice


# "expected" followed by a number: a reference value
_REVEALED = re.compile(r"expected -?(\d|inf|nan)")


def _problems(result) -> list[str]:
    return [line for t in result.tasks for c in t.checks if not c.passed
            for line in c.message.splitlines()]


@pytest.mark.parametrize("name,task,public,case1_fails", [
    ("sigmoid__backward_sigma.py", "sigmoid", "case 1 (", True),
    ("linear__db_mean.py", "linear", "case 1 (", False),  # case 1 has a batch of 1
    ("lstm_cell__h_without_tanh_torch.py", "lstm_cell", "case 1 (", True),
    ("softmax_cross_entropy__loss_summed.py", "softmax_cross_entropy", "case 1 (", False),
    ("adam__no_bias_correction.py", "adam", "case 1 (", True),
    ("gan_step__saturating_g_loss_torch.py", "gan_step", "sgd, call 1 of", True),
])
def test_hidden_cases_reveal_no_reference_value(name, task, public, case1_fails):
    result = grade_file(WRONG / name, GradeOptions(task_ids=(task,), seed=2024, timeout=60,
                                                   device="cpu"))
    lines = _problems(result)
    revealed = [ln for ln in lines if _REVEALED.search(ln)]
    assert any("off by" in ln for ln in lines), lines  # hidden cases say how much
    assert bool(revealed) == case1_fails, lines        # the public case shows it in full
    for ln in revealed:
        assert ln.startswith(public), ln
        if ", step " in ln:
            assert ", step 1 of" in ln, ln
