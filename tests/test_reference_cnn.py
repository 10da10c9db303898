"""Proves the references of the tasks conv_output_size, maxpool2d, avgpool2d and
residual_block against PyTorch, and the mistakes their signatures name against the
known-wrong variants they explain.

- `conv2d_output_size` against the shape of `F.conv2d`'s output over a grid of sizes,
  kernel sizes, strides, paddings and dilations (ints and (h, w) pairs);
- `maxpool2d_forward` / `avgpool2d_forward` against `F.max_pool2d` / `F.avg_pool2d`: values
  and autograd gradients, overlapping and gapped windows, odd sizes, the default stride;
- `residual_block_forward` against the same block built from `nn.Linear` layers with the
  weights put in explicitly (weight = Wᵀ), values and gradients of all five inputs.
All in float64, rtol 1e-10, atol 1e-12.
"""

import itertools
import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from reference_impl import cnn, resnet
from reference_impl.mistakes import cnn as mistakes

PROVES = {"conv2d_output_size", "maxpool2d_forward", "avgpool2d_forward",
          "residual_block_forward"}

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
WRONG = Path(__file__).parent / "wrong"


def randn(gen, *shape):
    return torch.randn(shape, generator=gen, dtype=DTYPE)


def assert_close(got, want):
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    assert got.dtype == want.dtype
    torch.testing.assert_close(got, want, rtol=RTOL, atol=ATOL)


def values_and_grads(fn, oracle, args, wrt, gen):
    """fn and oracle on copies of args: the same values, and the same autograd gradients
    with respect to args[i] for i in wrt, for one random upstream gradient."""
    def leaves():
        return [a.detach().clone().requires_grad_(i in wrt) for i, a in enumerate(args)]

    mine, theirs = leaves(), leaves()
    before = [a.detach().clone() for a in mine]
    got, want = fn(*mine), oracle(*theirs)
    assert_close(got, want)
    assert all(torch.equal(a.detach(), b) for a, b in zip(mine, before)), "an input changed"
    up = randn(gen, *want.shape)
    g1 = torch.autograd.grad(got, [mine[i] for i in wrt], up)
    g2 = torch.autograd.grad(want, [theirs[i] for i in wrt], up)
    for a, b in zip(g1, g2):
        assert_close(a, b)


# --------------------------------------------------------------------------- conv output size
def _as_pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _fits(n, k, p, d):
    return n + 2 * p >= d * (k - 1) + 1


GRID_SIZES = [1, 2, 5, 7, 8, 13, 16, 31]
GRID = list(itertools.product([1, 2, 3, 5], [1, 2, 3], [0, 1, 2], [1, 2, 3]))  # k, s, p, d


@pytest.mark.parametrize("n", GRID_SIZES)
def test_conv2d_output_size_matches_conv2d_shapes(n):
    """Square kernels on an n × (n + 3) input: every (k, s, p, d) of the grid that fits."""
    m = n + 3
    x = torch.zeros(1, 1, n, m, dtype=DTYPE)
    checked = 0
    for k, s, p, d in GRID:
        if not (_fits(n, k, p, d) and _fits(m, k, p, d)):
            continue
        w = torch.zeros(1, 1, k, k, dtype=DTYPE)
        want = tuple(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[2:])
        got = cnn.conv2d_output_size(n, m, k, stride=s, padding=p, dilation=d)
        assert got == want, (n, m, k, s, p, d)
        assert all(type(v) is int for v in got)
        checked += 1
    assert checked > 20


def test_conv2d_output_size_matches_conv2d_with_pairs():
    """(h, w) pairs, tuples and lists, mixed with ints, against nn.Conv2d on a real input."""
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(300):
        h, w = (int(v) for v in rng.integers(1, 40, 2))
        k, s, p, d = (tuple(int(v) for v in rng.integers(lo, hi, 2))
                      for lo, hi in [(1, 6), (1, 4), (0, 3), (1, 4)])
        if not (_fits(h, k[0], p[0], d[0]) and _fits(w, k[1], p[1], d[1])):
            continue
        conv = torch.nn.Conv2d(2, 3, k, stride=s, padding=p, dilation=d, dtype=DTYPE)
        want = tuple(conv(torch.zeros(1, 2, h, w, dtype=DTYPE)).shape[2:])
        # pass each argument as an int where both axes agree, else as a list or a tuple
        args = [v[0] if v[0] == v[1] else (list(v) if i % 2 else v) for i, v in enumerate((k, s, p, d))]
        assert cnn.conv2d_output_size(h, w, *args) == want, (h, w, k, s, p, d)
        assert cnn.conv2d_output_size(h, w, kernel_size=k, stride=s, padding=p, dilation=d) == want
        checked += 1
    assert checked > 100


def test_conv2d_output_size_on_the_task_cases():
    from grader.banks import load_bank
    from grader.grading.inputs import draw_case

    task = load_bank().tasks["conv_output_size"]
    for case in task.cases:
        args = draw_case(case, np.random.default_rng(0))
        k, s, p, d = (_as_pair(args.get(n, default)) for n, default in
                      [("kernel_size", None), ("stride", 1), ("padding", 0), ("dilation", 1)])
        x = torch.zeros(1, 1, args["h"], args["w"], dtype=DTYPE)
        want = tuple(F.conv2d(x, torch.zeros(1, 1, *k, dtype=DTYPE), stride=s, padding=p,
                              dilation=d).shape[2:])
        assert cnn.conv2d_output_size(**args) == want


# --------------------------------------------------------------------------- pooling
POOL_CASES = [  # shape, kernel_size, stride (None: the default, = kernel_size)
    ((1, 1, 4, 4), 2, None), ((2, 3, 7, 9), 3, None), ((2, 2, 6, 5), 2, 1),
    ((1, 3, 9, 11), 3, 2), ((3, 1, 5, 7), 2, 3), ((1, 2, 10, 7), 4, 2), ((2, 1, 1, 5), 1, 2),
    ((2, 2, 13, 8), 5, 1), ((1, 1, 3, 3), 3, None), ((1, 4, 8, 8), 2, None), ((1, 1, 7, 7), 3, 4),
]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape, k, s", POOL_CASES)
def test_maxpool2d_forward_matches_max_pool2d(shape, k, s, seed):
    gen = torch.Generator().manual_seed(seed)
    x = randn(gen, *shape)  # continuous values: no ties within a window
    values_and_grads(lambda t: cnn.maxpool2d_forward(t, k, s),
                     lambda t: F.max_pool2d(t, k, s), [x], [0], gen)
    if s is None:  # the default is stride = kernel_size
        assert_close(cnn.maxpool2d_forward(x, k), F.max_pool2d(x, k, k))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape, k, s", POOL_CASES)
def test_avgpool2d_forward_matches_avg_pool2d(shape, k, s, seed):
    gen = torch.Generator().manual_seed(seed)
    x = randn(gen, *shape)
    values_and_grads(lambda t: cnn.avgpool2d_forward(t, k, s),
                     lambda t: F.avg_pool2d(t, k, s), [x], [0], gen)
    # with no padding every convention of count_include_pad agrees
    assert_close(cnn.avgpool2d_forward(x, k, s),
                 F.avg_pool2d(x, k, s, count_include_pad=False))
    if s is None:
        assert_close(cnn.avgpool2d_forward(x, k), F.avg_pool2d(x, k, k))


# --------------------------------------------------------------------------- residual block
def torch_residual_block(x, W1, b1, W2, b2):
    """Oracle: nn.Linear layers holding the weights (weight = Wᵀ), nn.ReLU, the identity skip."""
    d = W1.shape[0]
    fc1, fc2 = torch.nn.Linear(d, d, dtype=DTYPE), torch.nn.Linear(d, d, dtype=DTYPE)
    # the parameters become the given tensors, so autograd reaches W1, b1, W2, b2
    del fc1.weight, fc1.bias, fc2.weight, fc2.bias
    fc1.weight, fc1.bias, fc2.weight, fc2.bias = W1.T, b1, W2.T, b2
    relu = torch.nn.ReLU()
    return relu(x + fc2(relu(fc1(x))))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n, d", [(1, 1), (2, 3), (5, 7), (13, 2), (3, 11), (4, 16)])
def test_residual_block_forward_matches_linear_layers(n, d, seed):
    gen = torch.Generator().manual_seed(seed)
    args = [randn(gen, n, d), randn(gen, d, d) / d ** 0.5, randn(gen, d),
            randn(gen, d, d) / d ** 0.5, randn(gen, d)]
    values_and_grads(resnet.residual_block_forward, torch_residual_block, args,
                     [0, 1, 2, 3, 4], gen)


# --------------------------------------------------------------------------- mistakes
def _load(name):
    spec = importlib.util.spec_from_file_location(name, WRONG / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _np(t):
    return t.detach().numpy().copy()


# mistake -> (known-wrong variant it explains, its function, the pooling cases it is tried on)
POOL_MISTAKES = {
    "maxpool2d_backward_whole_window": ("maxpool2d__grad_to_whole_window", "maxpool2d_backward"),
    "maxpool2d_backward_overwritten": ("maxpool2d__grad_overwritten", "maxpool2d_backward"),
    "avgpool2d_backward_overwritten": ("avgpool2d__grad_overwritten", "avgpool2d_backward"),
}


@pytest.mark.parametrize("name", sorted(POOL_MISTAKES))
def test_pooling_backward_mistakes_compute_their_variants(name):
    variant, fn = POOL_MISTAKES[name]
    wrong = getattr(_load(variant), fn)
    mistake = getattr(mistakes, name)
    gen = torch.Generator().manual_seed(0)
    differs = 0
    for shape, k, s in POOL_CASES:
        x = randn(gen, *shape)
        out = cnn.maxpool2d_forward(x, k, s)
        dout = randn(gen, *out.shape)
        got = mistake(dout, x, k, s)
        np.testing.assert_allclose(_np(got), wrong(_np(dout), _np(x), k, s), rtol=1e-12, atol=1e-14)
        xr = x.clone().requires_grad_()
        ref = cnn.maxpool2d_forward if fn.startswith("max") else cnn.avgpool2d_forward
        (right,) = torch.autograd.grad(ref(xr, k, s), xr, dout)
        differs += not torch.allclose(got, right)
    assert differs >= 3  # the mistake is not the right answer in disguise


@pytest.mark.parametrize("name, variant", [
    ("maxpool2d_forward_default_stride_one", "maxpool2d__stride_none_is_one"),
])
def test_default_stride_mistake_computes_its_variant(name, variant):
    wrong = _load(variant).maxpool2d_forward
    x = randn(torch.Generator().manual_seed(0), 2, 3, 7, 9)
    for k in (2, 3):
        np.testing.assert_allclose(_np(getattr(mistakes, name)(x, k)), wrong(_np(x), k))
        assert getattr(mistakes, name)(x, k).shape != cnn.maxpool2d_forward(x, k).shape
    assert_close(mistakes.avgpool2d_forward_default_stride_one(x, 3),
                 F.avg_pool2d(x, 3, 1))


RESIDUAL_MISTAKES = {
    "residual_block_backward_no_skip": "residual_block__skip_grad_dropped",
    "residual_block_backward_masks_swapped": "residual_block__relu_masks_swapped",
    "residual_block_backward_branch_mask": "residual_block__final_mask_from_branch",
}


@pytest.mark.parametrize("name", sorted(RESIDUAL_MISTAKES))
def test_residual_backward_mistakes_compute_their_variants(name):
    wrong = _load(RESIDUAL_MISTAKES[name]).residual_block_backward
    gen = torch.Generator().manual_seed(0)
    differs = 0
    for n, d in [(2, 3), (5, 7), (3, 11), (13, 2), (4, 16)]:
        args = [randn(gen, n, d), randn(gen, d, d) / d ** 0.5, randn(gen, d),
                randn(gen, d, d) / d ** 0.5, randn(gen, d)]
        dout = randn(gen, n, d)
        got = getattr(mistakes, name)(dout, *args)
        want = wrong(_np(dout), *map(_np, args))
        for g, w in zip(got, want):
            np.testing.assert_allclose(_np(g), w, rtol=1e-12, atol=1e-14)
        leaves = [a.clone().requires_grad_() for a in args]
        right = torch.autograd.grad(resnet.residual_block_forward(*leaves), leaves, dout)
        differs += not all(torch.allclose(g, r) for g, r in zip(got, right))
    assert differs >= 3  # the mistake is not the right answer in disguise


def test_residual_after_activation_mistake_computes_its_variant():
    wrong = _load("residual_block__residual_after_activation").residual_block_forward
    gen = torch.Generator().manual_seed(0)
    args = [randn(gen, 5, 7), randn(gen, 7, 7), randn(gen, 7), randn(gen, 7, 7), randn(gen, 7)]
    got = mistakes.residual_block_after_activation(*args)
    np.testing.assert_allclose(_np(got), wrong(*map(_np, args)), rtol=1e-12, atol=1e-14)
    assert not torch.allclose(got, resnet.residual_block_forward(*args))


def test_the_right_backward_of_the_mistakes_module_is_autograd():
    """With every slip switched off, the shared hand-written backward equals autograd."""
    gen = torch.Generator().manual_seed(1)
    args = [randn(gen, 4, 6), randn(gen, 6, 6), randn(gen, 6), randn(gen, 6, 6), randn(gen, 6)]
    dout = randn(gen, 4, 6)
    leaves = [a.clone().requires_grad_() for a in args]
    right = torch.autograd.grad(resnet.residual_block_forward(*leaves), leaves, dout)
    for g, r in zip(mistakes._residual_backward(dout, *args), right):
        assert_close(g, r)
