"""The references of weight_init against PyTorch's initializers as the oracle.

`torch.nn.init.xavier_uniform_` and `kaiming_normal_(mode="fan_in", nonlinearity="relu")`
fill a weight of PyTorch's layout (fan_out, fan_in), whose fan_in is shape[1]. The laws of
`reference_impl.initialization` are proven against them three ways: nn.init's draw equals
`uniform_(low, high)` / `normal_(mean, std)` with our parameters from the same torch
generator; nn.init's own fan and gain helpers give the same numbers; and large samples of
nn.init pass the grader's statistical test (`law_problems`) with our laws, while the classic
wrong laws fail it. The references' own draws pass the test too, from the given generator.
"""

import math

import numpy as np
import pytest
import torch
from torch.nn import init

from grader.grading.distribution import law_problems
from reference_impl import initialization

#: the references this file proves (tests/test_reference.py checks that every one is proven)
PROVES = frozenset({"xavier_uniform", "he_normal", "xavier_uniform_law", "he_normal_law"})

DTYPE = torch.float64
Z_MAX = 5.0  # the grader's default: about 6e-7 false alarms per test
#: (fan_in, fan_out): the task's cases, a square one, and extremes
SIZES = [(300, 200), (784, 100), (101, 257), (1024, 11), (64, 64), (1, 13), (13, 1)]
#: large enough that the statistical tests have power (≥ 10,000 values)
LARGE = [(300, 200), (784, 100), (101, 257), (1024, 11)]


def torch_weight(fan_in, fan_out):
    """An empty weight in PyTorch's layout, as nn.Linear(fan_in, fan_out) holds it."""
    return torch.empty(fan_out, fan_in, dtype=DTYPE)


def gen(seed):
    return torch.Generator().manual_seed(seed)


def nn_xavier(fan_in, fan_out, seed):
    """nn.init's Xavier sample, transposed to this task's layout (fan_in, fan_out)."""
    return init.xavier_uniform_(torch_weight(fan_in, fan_out), generator=gen(seed)).T


def nn_he(fan_in, fan_out, seed):
    """nn.init's He sample (fan-in mode, ReLU gain), transposed to (fan_in, fan_out)."""
    w = torch_weight(fan_in, fan_out)
    return init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu", generator=gen(seed)).T


# ------------------------------------------------------------------------ the laws
@pytest.mark.parametrize("fan_in, fan_out", SIZES)
def test_pytorch_layout_has_fan_in_in_shape_1(fan_in, fan_out):
    assert init._calculate_fan_in_and_fan_out(torch_weight(fan_in, fan_out)) == (fan_in, fan_out)


@pytest.mark.parametrize("fan_in, fan_out", SIZES)
def test_laws_match_nn_init_formulas(fan_in, fan_out):
    fi, fo = init._calculate_fan_in_and_fan_out(torch_weight(fan_in, fan_out))
    bound = init.calculate_gain("linear") * math.sqrt(2.0 / (fi + fo)) * math.sqrt(3.0)
    assert initialization.xavier_uniform_law(fan_in, fan_out) == pytest.approx((-bound, bound),
                                                                              rel=1e-14)
    std = init.calculate_gain("relu") / math.sqrt(fi)
    assert initialization.he_normal_law(fan_in, fan_out) == pytest.approx((0.0, std), rel=1e-14,
                                                                         abs=0.0)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("fan_in, fan_out", SIZES)
def test_nn_init_draws_exactly_our_laws(fan_in, fan_out, seed):
    """nn.init fills the tensor with uniform_/normal_ of some parameters: the same draw with
    ours, from an equally seeded generator, gives the same numbers."""
    low, high = initialization.xavier_uniform_law(fan_in, fan_out)
    ours = torch_weight(fan_in, fan_out).uniform_(low, high, generator=gen(seed))
    torch.testing.assert_close(nn_xavier(fan_in, fan_out, seed).T, ours, rtol=1e-12, atol=1e-15)
    mean, std = initialization.he_normal_law(fan_in, fan_out)
    ours = torch_weight(fan_in, fan_out).normal_(mean, std, generator=gen(seed))
    torch.testing.assert_close(nn_he(fan_in, fan_out, seed).T, ours, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("fan_in, fan_out", LARGE)
def test_nn_init_samples_pass_the_test_with_our_laws(fan_in, fan_out, seed):
    x = nn_xavier(fan_in, fan_out, seed).numpy()
    assert law_problems(x, "uniform", initialization.xavier_uniform_law(fan_in, fan_out), Z_MAX) == []
    x = nn_he(fan_in, fan_out, seed).numpy()
    assert law_problems(x, "normal", initialization.he_normal_law(fan_in, fan_out), Z_MAX) == []


def wrong_xavier_laws(fan_in, fan_out):
    """The classic mistakes, as (law, parameters)."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    std = math.sqrt(2.0 / (fan_in + fan_out))
    return {
        "bound sqrt(6/fan_in)": ("uniform", (-math.sqrt(6.0 / fan_in), math.sqrt(6.0 / fan_in))),
        "std used as the bound": ("uniform", (-std, std)),
        "U(0, a)": ("uniform", (0.0, a)),
        "normal with Xavier's variance": ("normal", (0.0, std)),
    }


def wrong_he_laws(fan_in, fan_out):
    std = math.sqrt(2.0 / fan_in)
    return {
        "fan_out for fan_in": ("normal", (0.0, math.sqrt(2.0 / fan_out))),
        "variance as the std": ("normal", (0.0, 2.0 / fan_in)),
        "Xavier's variance": ("normal", (0.0, math.sqrt(2.0 / (fan_in + fan_out)))),
        "uniform with He's variance": ("uniform", (-math.sqrt(3.0) * std, math.sqrt(3.0) * std)),
    }


@pytest.mark.parametrize("fan_in, fan_out", [(300, 200), (784, 100)])
def test_nn_init_samples_fail_the_test_with_wrong_laws(fan_in, fan_out):
    """The test has power: PyTorch's correct samples contradict every classic wrong law."""
    x = nn_xavier(fan_in, fan_out, 0).numpy()
    for name, (law, params) in wrong_xavier_laws(fan_in, fan_out).items():
        assert law_problems(x, law, params, Z_MAX), f"xavier: {name} not rejected"
    x = nn_he(fan_in, fan_out, 0).numpy()
    for name, (law, params) in wrong_he_laws(fan_in, fan_out).items():
        assert law_problems(x, law, params, Z_MAX), f"he: {name} not rejected"


# ------------------------------------------------------------------------ the references
REFERENCES = [(initialization.xavier_uniform, "uniform", initialization.xavier_uniform_law),
              (initialization.he_normal, "normal", initialization.he_normal_law)]


@pytest.mark.parametrize("fn, law, params", REFERENCES, ids=["xavier_uniform", "he_normal"])
@pytest.mark.parametrize("fan_in, fan_out", SIZES)
def test_reference_returns_a_float64_tensor_of_shape_fan_in_fan_out(fn, law, params, fan_in, fan_out):
    w = fn(fan_in, fan_out, np.random.default_rng(0))
    assert isinstance(w, torch.Tensor) and w.dtype == DTYPE
    assert tuple(w.shape) == (fan_in, fan_out)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("fn, law, params", REFERENCES, ids=["xavier_uniform", "he_normal"])
@pytest.mark.parametrize("fan_in, fan_out", LARGE)
def test_reference_passes_the_test_with_its_law(fn, law, params, fan_in, fan_out, seed):
    w = fn(fan_in, fan_out, np.random.default_rng(seed)).numpy()
    assert law_problems(w, law, params(fan_in, fan_out), Z_MAX) == []


@pytest.mark.parametrize("fn, law, params", REFERENCES, ids=["xavier_uniform", "he_normal"])
def test_reference_draws_from_the_given_generator(fn, law, params):
    a = fn(300, 200, np.random.default_rng(7))
    b = fn(300, 200, np.random.default_rng(7))
    c = fn(300, 200, np.random.default_rng(8))
    assert torch.equal(a, b) and not torch.equal(a, c)
    rng = np.random.default_rng(7)
    first, second = fn(300, 200, rng), fn(300, 200, rng)
    assert torch.equal(first, a) and not torch.equal(first, second)  # the generator advanced


def test_reference_samples_match_nn_init_in_distribution():
    """Two-sample check on (fan_in, fan_out) = (784, 100): the reference and nn.init (transposed)
    have the same quantiles to within sampling error."""
    qs = np.linspace(0.01, 0.99, 49)
    for fn, nn_fn in ((initialization.xavier_uniform, nn_xavier), (initialization.he_normal, nn_he)):
        sample = nn_fn(784, 100, 3).numpy()
        ours = np.quantile(fn(784, 100, np.random.default_rng(3)).numpy(), qs)
        # a quantile's sampling error here is at most about 0.02 standard deviations
        assert np.max(np.abs(ours - np.quantile(sample, qs))) < 0.05 * sample.std(), fn.__name__
