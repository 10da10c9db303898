"""reference_impl.backprop.numerical_gradient against autograd, on the test functions the
grader hands to candidates (grader/sandbox/_functions.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from grader.banks.schema import SCALAR_FUNCTION_NAMES
from grader.sandbox._functions import SCALAR_FUNCTIONS, scalar_function
from reference_impl import backprop
from reference_impl.mistakes import backprop as mistakes

PROVES = {"numerical_gradient"}


def test_the_schema_names_exactly_the_functions_the_sandbox_defines():
    assert set(SCALAR_FUNCTION_NAMES) == set(SCALAR_FUNCTIONS)


@pytest.mark.parametrize("name", sorted(SCALAR_FUNCTIONS))
@pytest.mark.parametrize("shape", [(1,), (7,), (3, 4), (2, 3, 2)])
def test_central_differences_match_autograd(name, shape):
    x = torch.from_numpy(np.random.default_rng(1).uniform(-2, 2, shape))
    before = x.clone()
    got = backprop.numerical_gradient(scalar_function(name, torch), x)
    xg = x.clone().requires_grad_(True)
    (want,) = torch.autograd.grad(SCALAR_FUNCTIONS[name](torch, xg), xg)
    torch.testing.assert_close(got, want, rtol=1e-7, atol=1e-8)
    assert torch.equal(x, before)
    # and the same function in NumPy gives the same numbers
    assert scalar_function(name, np)(x.numpy()) == pytest.approx(scalar_function(name, torch)(x), rel=1e-12)


@pytest.mark.parametrize("mistake", [mistakes.numerical_gradient_forward, mistakes.numerical_gradient_over_h,
                                     mistakes.numerical_gradient_all_at_once])
def test_each_mistake_is_outside_the_tolerance(mistake):
    x = torch.from_numpy(np.random.default_rng(2).uniform(-2, 2, (3, 4)))
    f = scalar_function("tanh_cos", torch)
    right, wrong = backprop.numerical_gradient(f, x), mistake(f, x)
    assert not torch.allclose(wrong, right, rtol=1e-6, atol=1e-8)
