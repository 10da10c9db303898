"""The references of leaky_relu, mse_loss, bce_with_logits, batchnorm, layernorm and
batchnorm_running against PyTorch as the oracle, in float64 to rtol 1e-10, atol 1e-12.

Each `check_*` helper takes the implementation under test, so that
`test_checks_reject_the_known_mistakes` shows it failing on the mistakes of
`reference_impl.mistakes` (a check that accepts everything proves nothing).
"""

import pytest
import torch
import torch.nn.functional as F

from reference_impl import activations, losses, normalization
from reference_impl.mistakes import bce_with_logits as bce_mistakes
from reference_impl.mistakes import leaky_relu as leaky_mistakes
from reference_impl.mistakes import mse_loss as mse_mistakes
from reference_impl.mistakes import normalization as norm_mistakes

#: the references this file proves (tests/test_reference.py checks that every one is proven)
PROVES = frozenset({"leaky_relu", "mse_loss", "bce_with_logits", "batchnorm_forward",
                    "layernorm_forward", "batchnorm_running_update"})

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
SEEDS = [0, 1, 2]


def gen(seed):
    return torch.Generator().manual_seed(seed)


def randn(g, *shape, scale=1.0, shift=0.0):
    return shift + scale * torch.randn(shape, generator=g, dtype=DTYPE)


def close(got, want, rtol=RTOL, atol=ATOL):
    assert isinstance(got, torch.Tensor), f"expected a tensor, got {type(got).__name__}"
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    torch.testing.assert_close(got, want, rtol=rtol, atol=atol)


def untouched(fn, *args, **kw):
    """Call fn and assert that it left every tensor argument as it was."""
    before = [a.clone() for a in args if isinstance(a, torch.Tensor)]
    out = fn(*args, **kw)
    after = [a for a in args if isinstance(a, torch.Tensor)]
    assert all(torch.equal(a, b) for a, b in zip(before, after)), f"{fn.__name__} changed an input"
    return out


def grads(out, inputs, upstream):
    return torch.autograd.grad(out, inputs, upstream)


def leaves(*tensors):
    return [t.detach().clone().requires_grad_(True) for t in tensors]


# ------------------------------------------------------------------------ the checks
def check_leaky_relu(fn, seed, backward=None):
    """Values, and the gradient (autograd through fn, or fn's `backward`) of F.leaky_relu."""
    g = gen(seed)
    for shape, alpha in [((7,), 0.01), ((5, 13), 0.2), ((2, 3, 11), 0.5)]:
        x = randn(g, *shape, scale=2.0)
        x = torch.where(x.abs() < 1e-3, torch.full_like(x, 0.5), x)  # off the kink
        up = randn(g, *shape)
        (xa,), (xb,) = leaves(x), leaves(x)
        got = untouched(fn, xa, alpha)
        want = F.leaky_relu(xb, alpha)
        close(got, want)
        (dwant,) = grads(want, [xb], up)
        dgot = untouched(backward, up, x, alpha) if backward else grads(got, [xa], up)[0]
        close(dgot, dwant)


def check_mse_loss(fn, seed):
    """loss against F.mse_loss, dpred against autograd through F.mse_loss."""
    g = gen(seed)
    for shape in [(1,), (7,), (5, 3), (2, 3, 11)]:
        pred, target = randn(g, *shape), randn(g, *shape)
        (p,) = leaves(pred)
        loss, dpred = untouched(fn, pred, target)
        want = F.mse_loss(p, target)
        close(loss, want)
        close(dpred, grads(want, [p], torch.ones((), dtype=DTYPE))[0])


def _bce_cases(g):
    yield randn(g, 7, scale=3.0), (torch.rand(7, generator=g, dtype=DTYPE) < 0.5).to(DTYPE)
    yield randn(g, 5, 3, scale=3.0), torch.rand(5, 3, generator=g, dtype=DTYPE)  # soft targets
    yield randn(g, 2, 3, 4), torch.rand(2, 3, 4, generator=g, dtype=DTYPE)
    big = torch.tensor([1e4, -1e4, 1e4, -1e4, 800.0, -800.0, 40.0, -40.0, 0.0], dtype=DTYPE)
    yield big, torch.tensor([0.0, 1.0, 1.0, 0.0, 0.3, 0.7, 0.5, 1.0, 0.25], dtype=DTYPE)
    yield 1e4 * (2 * torch.rand(6, 4, generator=g, dtype=DTYPE) - 1), \
        torch.rand(6, 4, generator=g, dtype=DTYPE)


def check_bce_with_logits(fn, seed):
    """loss against F.binary_cross_entropy_with_logits, dlogits against autograd through it,
    soft targets and logits up to 1e4 included; finite everywhere."""
    g = gen(seed)
    for logits, targets in _bce_cases(g):
        (z,) = leaves(logits)
        loss, dlogits = untouched(fn, logits, targets)
        want = F.binary_cross_entropy_with_logits(z, targets)
        assert torch.isfinite(loss) and torch.isfinite(dlogits).all()
        close(loss, want)
        close(dlogits, grads(want, [z], torch.ones((), dtype=DTYPE))[0])


def _norm_gradients(fn, backward, x, gamma, beta, eps, up):
    """(dx, dgamma, dbeta): fn's `backward`, or autograd through fn."""
    if backward is not None:
        return untouched(backward, up, x, gamma, beta, eps)
    xa, ga, ba = leaves(x, gamma, beta)
    return grads(fn(xa, ga, ba, eps), [xa, ga, ba], up)


def check_batchnorm(fn, seed, backward=None):
    """Values and gradients of F.batch_norm(training=True), several shapes and eps."""
    g = gen(seed)
    for (n, d), eps, scale in [((2, 1), 1e-5, 1.0), ((5, 3), 1e-5, 1.0), ((13, 7), 1e-3, 2.0),
                               ((7, 7), 1e-5, 0.01), ((4, 5), 0.1, 1.0)]:
        x = randn(g, n, d, scale=scale, shift=0.5)
        gamma, beta, up = randn(g, d, shift=1.0), randn(g, d), randn(g, n, d)
        out = untouched(fn, x, gamma, beta, eps)
        xb, gb, bb = leaves(x, gamma, beta)
        want = F.batch_norm(xb, None, None, gb, bb, training=True, eps=eps)
        close(out, want)
        for got, w in zip(_norm_gradients(fn, backward, x, gamma, beta, eps, up),
                          grads(want, [xb, gb, bb], up)):
            close(got, w, rtol=1e-9, atol=1e-10)


def check_layernorm(fn, seed, backward=None):
    """Values and gradients of F.layer_norm over the last axis, 1-D to 3-D inputs."""
    g = gen(seed)
    for shape, eps, scale in [((6,), 1e-5, 1.0), ((5, 11), 1e-5, 1.0), ((2, 3, 5), 1e-3, 2.0),
                              ((7, 7), 1e-5, 0.01), ((4, 2), 0.1, 1.0)]:
        d = shape[-1]
        x = randn(g, *shape, scale=scale, shift=-0.3)
        gamma, beta, up = randn(g, d, shift=1.0), randn(g, d), randn(g, *shape)
        out = untouched(fn, x, gamma, beta, eps)
        xb, gb, bb = leaves(x, gamma, beta)
        want = F.layer_norm(xb, (d,), gb, bb, eps)
        close(out, want)
        for got, w in zip(_norm_gradients(fn, backward, x, gamma, beta, eps, up),
                          grads(want, [xb, gb, bb], up)):
            close(got, w, rtol=1e-9, atol=1e-10)


def check_batchnorm_running(fn, seed, steps=6):
    """Running mean and variance of nn.BatchNorm1d in training mode, step after step, fed
    the function's own outputs; random starting statistics and batch sizes down to 2."""
    g = gen(seed)
    for n, d, momentum in [(2, 3, 0.1), (7, 5, 0.3), (16, 1, 0.01)]:
        bn = torch.nn.BatchNorm1d(d, momentum=momentum, dtype=DTYPE).train()
        mean = randn(g, d)
        var = 0.5 + torch.rand(d, generator=g, dtype=DTYPE)
        with torch.no_grad():
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            for _ in range(steps):
                x = randn(g, n, d, scale=2.0, shift=1.5)
                mean, var = untouched(fn, mean, var, x, momentum)
                bn(x)
                close(mean, bn.running_mean)
                close(var, bn.running_var)


# ------------------------------------------------------------------------ the references
@pytest.mark.parametrize("seed", SEEDS)
def test_leaky_relu(seed):
    check_leaky_relu(activations.leaky_relu, seed)


def test_leaky_relu_slope_at_zero_is_alpha_as_pytorch():
    x = torch.tensor([-1.0, 0.0, 2.0], dtype=DTYPE, requires_grad=True)
    (dx,) = torch.autograd.grad(activations.leaky_relu(x, 0.2).sum(), [x])
    (want,) = torch.autograd.grad(F.leaky_relu(x, 0.2).sum(), [x])
    close(dx, want)
    close(dx, torch.tensor([0.2, 0.2, 1.0], dtype=DTYPE))


@pytest.mark.parametrize("seed", SEEDS)
def test_mse_loss(seed):
    check_mse_loss(losses.mse_loss, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_bce_with_logits(seed):
    check_bce_with_logits(losses.bce_with_logits, seed)


def test_bce_with_logits_loss_gradient_is_its_dlogits_even_at_zero():
    """Autograd through the reference loss agrees with its dlogits, z = 0 and ±1e4 included."""
    z = torch.tensor([0.0, 0.0, 1e4, -1e4, 3.0, -2.0], dtype=DTYPE, requires_grad=True)
    y = torch.tensor([0.0, 0.6, 0.2, 0.9, 1.0, 0.0], dtype=DTYPE)
    loss, dlogits = losses.bce_with_logits(z, y)
    (dz,) = torch.autograd.grad(loss, [z])
    close(dz, dlogits)
    assert not dlogits.requires_grad


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm(seed):
    check_batchnorm(normalization.batchnorm_forward, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_layernorm(seed):
    check_layernorm(normalization.layernorm_forward, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm_running(seed):
    check_batchnorm_running(normalization.batchnorm_running_update, seed)


def test_normalization_exports():
    assert normalization.__all__ == ["batchnorm_forward", "batchnorm_running_update",
                                     "layernorm_forward"]


# ------------------------------------------------------------------------ the mistakes
REJECTED = {
    "leaky_relu_default_alpha": lambda s: check_leaky_relu(leaky_mistakes.leaky_relu_default_alpha, s),
    "leaky_relu_backward_relu_slope": lambda s: check_leaky_relu(
        activations.leaky_relu, s, backward=leaky_mistakes.leaky_relu_backward_relu_slope),
    "leaky_relu_backward_alpha_without_dout": lambda s: check_leaky_relu(
        activations.leaky_relu, s, backward=leaky_mistakes.leaky_relu_backward_alpha_without_dout),
    "mse_loss_sum": lambda s: check_mse_loss(mse_mistakes.mse_loss_sum, s),
    "mse_loss_grad_without_2": lambda s: check_mse_loss(mse_mistakes.mse_loss_grad_without_2, s),
    "mse_loss_grad_over_batch": lambda s: check_mse_loss(mse_mistakes.mse_loss_grad_over_batch, s),
    "bce_with_logits_grad_not_divided": lambda s: check_bce_with_logits(
        bce_mistakes.bce_with_logits_grad_not_divided, s),
    "bce_with_logits_grad_over_batch": lambda s: check_bce_with_logits(
        bce_mistakes.bce_with_logits_grad_over_batch, s),
    "bce_with_logits_sum": lambda s: check_bce_with_logits(bce_mistakes.bce_with_logits_sum, s),
    "batchnorm_forward_feature_axis": lambda s: check_batchnorm(
        norm_mistakes.batchnorm_forward_feature_axis, s),
    "batchnorm_forward_unbiased_var": lambda s: check_batchnorm(
        norm_mistakes.batchnorm_forward_unbiased_var, s),
    "batchnorm_forward_eps_outside_sqrt": lambda s: check_batchnorm(
        norm_mistakes.batchnorm_forward_eps_outside_sqrt, s),
    "batchnorm_backward_no_mean_terms": lambda s: check_batchnorm(
        normalization.batchnorm_forward, s, backward=norm_mistakes.batchnorm_backward_no_mean_terms),
    "batchnorm_backward_no_variance_term": lambda s: check_batchnorm(
        normalization.batchnorm_forward, s,
        backward=norm_mistakes.batchnorm_backward_no_variance_term),
    "layernorm_forward_batch_axis": lambda s: check_layernorm(
        norm_mistakes.layernorm_forward_batch_axis, s),
    "layernorm_forward_unbiased_var": lambda s: check_layernorm(
        norm_mistakes.layernorm_forward_unbiased_var, s),
    "layernorm_forward_eps_outside_sqrt": lambda s: check_layernorm(
        norm_mistakes.layernorm_forward_eps_outside_sqrt, s),
    "layernorm_backward_no_mean_terms": lambda s: check_layernorm(
        normalization.layernorm_forward, s, backward=norm_mistakes.layernorm_backward_no_mean_terms),
    "batchnorm_running_update_biased_var": lambda s: check_batchnorm_running(
        norm_mistakes.batchnorm_running_update_biased_var, s),
    "batchnorm_running_update_momentum_reversed": lambda s: check_batchnorm_running(
        norm_mistakes.batchnorm_running_update_momentum_reversed, s),
}


def test_every_mistake_is_shown_rejected():
    every = {*leaky_mistakes.__all__, *mse_mistakes.__all__, *bce_mistakes.__all__,
             *norm_mistakes.__all__}
    assert every == set(REJECTED)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_checks_reject_the_known_mistakes(name):
    with pytest.raises(AssertionError):
        REJECTED[name](0)


def test_right_backward_formulas_pass_the_checks():
    """The mistakes' backward helper with every term kept is the right backward: the checks
    accept it, so they reject the mistakes for the missing terms and nothing else."""
    def bn_backward(dout, x, gamma, beta, eps):
        return norm_mistakes._backward(dout, x, gamma, eps, 0)

    def ln_backward(dout, x, gamma, beta, eps):
        return norm_mistakes._backward(dout, x, gamma, eps, -1)

    check_batchnorm(normalization.batchnorm_forward, 0, backward=bn_backward)
    check_layernorm(normalization.layernorm_forward, 0, backward=ln_backward)
