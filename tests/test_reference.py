"""Checks every reference implementation against an independent PyTorch oracle.

Each check compares shape, dtype and device, then values, then autograd gradients for a
random upstream gradient, in float64 with rtol 1e-10 and atol 1e-12 unless a test says
otherwise. The checks are written as ``check_*`` helpers that take the implementation under
test, so that ``test_checks_reject_wrong_implementations`` can show each of them failing on
a known-wrong variant.
"""

import copy
from pathlib import Path
import importlib

import pytest
import torch
import torch.nn.functional as F

import reference_impl
from reference_impl import activations, backprop, cnn, gan, losses, optimizers
from reference_impl import regularization, rnn

RTOL = 1e-10
ATOL = 1e-12
DTYPE = torch.float64
SEEDS = [0, 1, 2]
DEVICES = ["cpu"] + (
    [pytest.param("cuda", marks=pytest.mark.gpu)] if torch.cuda.is_available() else []
)


# --------------------------------------------------------------------------- helpers


def make_gen(seed):
    return torch.Generator().manual_seed(seed)


def randn(gen, *shape, scale=1.0, device="cpu"):
    """Standard normal float64 tensor (drawn on the CPU for reproducibility)."""
    return (scale * torch.randn(shape, generator=gen, dtype=DTYPE)).to(device)


def randint(gen, high, *shape, device="cpu"):
    return torch.randint(high, shape, generator=gen).to(device)


def assert_close(got, want, rtol=RTOL, atol=ATOL):
    """Shape, dtype and device first, then values (``torch.testing`` checks all four)."""
    assert isinstance(got, torch.Tensor), f"expected a tensor, got {type(got).__name__}"
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    assert not torch.isnan(got).any(), "NaN in the output"
    torch.testing.assert_close(got, want, rtol=rtol, atol=atol)


def as_tuple(out):
    return out if isinstance(out, tuple) else (out,)


def assert_matches_oracle(fn, oracle, args, wrt, gen, rtol=RTOL, atol=ATOL):
    """Values and autograd gradients (w.r.t. ``args[i]`` for i in ``wrt``) of fn vs oracle."""

    def leaves():
        return [
            a.detach().clone().requires_grad_(i in wrt) if isinstance(a, torch.Tensor) else a
            for i, a in enumerate(args)
        ]

    fn_args, oracle_args = leaves(), leaves()
    got, want = as_tuple(fn(*fn_args)), as_tuple(oracle(*oracle_args))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert_close(g, w, rtol, atol)

    upstream = [randn(gen, *w.shape, device=w.device) for w in want]
    got_grads = torch.autograd.grad(got, [fn_args[i] for i in wrt], upstream)
    want_grads = torch.autograd.grad(want, [oracle_args[i] for i in wrt], upstream)
    for g, w in zip(got_grads, want_grads):
        assert_close(g, w, rtol, atol)


# --------------------------------------------------------------------------- checks


def check_sigmoid(sigmoid, device):
    for seed in SEEDS:
        for shape in [(1,), (7,), (3, 5), (2, 3, 11)]:
            gen = make_gen(seed)
            x = randn(gen, *shape, scale=5.0, device=device)
            assert_matches_oracle(sigmoid, torch.sigmoid, [x], [0], gen)
    extremes = torch.tensor(
        [-1e4, -1e3, -800.0, -40.0, -1e-8, 0.0, 1e-8, 40.0, 800.0, 1e3, 1e4],
        dtype=DTYPE,
        device=device,
    )
    assert_matches_oracle(sigmoid, torch.sigmoid, [extremes], [0], make_gen(3))


def check_softmax(softmax, device):
    cases = [((1, 1), -1), ((3, 7), 0), ((3, 7), 1), ((2, 5, 13), 1), ((2, 5, 13), -1),
             ((4, 3, 2), 0), ((11,), 0)]
    for seed in SEEDS:
        for (shape, axis) in cases:
            for scale in [1.0, 1e4]:
                gen = make_gen(seed)
                x = randn(gen, *shape, scale=scale, device=device)
                assert_matches_oracle(
                    lambda t: softmax(t, axis=axis),
                    lambda t: torch.softmax(t, dim=axis),
                    [x], [0], gen,
                )


def check_softmax_cross_entropy(softmax_cross_entropy, device):
    for seed in SEEDS:
        for n, c in [(1, 1), (1, 5), (7, 3), (13, 11)]:
            for scale in [1.0, 1e4]:
                gen = make_gen(seed)
                logits = randn(gen, n, c, scale=scale, device=device).requires_grad_()
                labels = randint(gen, c, n, device=device)
                loss, dlogits = softmax_cross_entropy(logits, labels)
                want = F.cross_entropy(logits, labels)
                (want_grad,) = torch.autograd.grad(want, logits)
                assert loss.dim() == 0
                assert_close(loss, want)
                assert_close(dlogits, want_grad)
                assert not dlogits.requires_grad
                upstream = randn(gen, device=device)
                (got_lgrad,) = torch.autograd.grad(loss, logits, upstream)
                assert_close(got_lgrad, upstream * want_grad)


def check_cross_entropy_loss(cross_entropy_loss, device):
    for seed in SEEDS:
        for n, c in [(1, 1), (1, 5), (7, 3), (13, 11)]:
            for scale in [1.0, 1e4]:
                gen = make_gen(seed)
                logits = randn(gen, n, c, scale=scale, device=device)
                labels = randint(gen, c, n, device=device)
                assert_matches_oracle(cross_entropy_loss, F.cross_entropy, [logits, labels],
                                      [0], gen)


def check_linear_forward(linear_forward, device):
    for seed in SEEDS:
        for n, d, m in [(1, 1, 1), (3, 5, 2), (7, 11, 13)]:
            gen = make_gen(seed)
            x, W, b = (randn(gen, n, d, device=device), randn(gen, d, m, device=device),
                       randn(gen, m, device=device))
            assert_matches_oracle(linear_forward, lambda x, W, b: F.linear(x, W.T, b),
                                  [x, W, b], [0, 1, 2], gen)


def torch_mlp_loss(X, y, params, reg):
    """Oracle: the same network built from torch.nn.functional, differentiated by autograd."""
    hidden = F.relu(F.linear(X, params["W1"].T, params["b1"]))
    scores = F.linear(hidden, params["W2"].T, params["b2"])
    l2 = params["W1"].pow(2).sum() + params["W2"].pow(2).sum()
    return F.cross_entropy(scores, y) + 0.5 * reg * l2


def check_mlp_loss_and_grads(mlp_loss_and_grads, device):
    keys = ["W1", "b1", "W2", "b2"]
    for seed in SEEDS:
        for n, d, h, c in [(1, 3, 5, 2), (7, 5, 11, 3), (13, 2, 3, 7)]:
            for reg in [0.0, 0.1]:
                gen = make_gen(seed)
                X, y = randn(gen, n, d, device=device), randint(gen, c, n, device=device)
                shapes = {"W1": (d, h), "b1": (h,), "W2": (h, c), "b2": (c,)}
                params = {k: randn(gen, *shapes[k], device=device).requires_grad_()
                          for k in keys}
                want = torch_mlp_loss(X, y, params, reg)
                want_grads = torch.autograd.grad(want, [params[k] for k in keys])
                loss, grads = mlp_loss_and_grads(X, y, params, reg=reg)
                assert loss.dim() == 0
                assert_close(loss, want)
                assert sorted(grads) == sorted(keys)
                for k, want_grad in zip(keys, want_grads):
                    assert_close(grads[k], want_grad)
                got_loss_grads = torch.autograd.grad(loss, [params[k] for k in keys])
                for g, w in zip(got_loss_grads, want_grads):
                    assert_close(g, w)


def check_regularization_penalty(regularization_penalty, device):
    for seed in SEEDS:
        for l1, l2 in [(0.0, 0.0), (0.3, 0.0), (0.0, 0.7), (0.3, 0.7)]:
            gen = make_gen(seed)
            weights = [randn(gen, *s, device=device).requires_grad_()
                       for s in [(3,), (2, 5), (7, 1, 3)]]
            want = sum(l1 * torch.linalg.vector_norm(w, ord=1)
                       + 0.5 * l2 * torch.linalg.vector_norm(w, ord=2) ** 2 for w in weights)
            want_grads = torch.autograd.grad(want, weights)
            penalty, grads = regularization_penalty(weights, l1=l1, l2=l2)
            assert penalty.dim() == 0
            assert_close(penalty, want)
            assert len(grads) == len(weights)
            for g, w in zip(grads, want_grads):
                assert_close(g, w)
    w = torch.tensor([0.0, 1.5, -2.0, 0.0, -0.0], dtype=DTYPE, device=device)
    _, (grad,) = regularization_penalty([w], l1=0.3, l2=0.7)
    sign = torch.tensor([0.0, 1.0, -1.0, 0.0, 0.0], dtype=DTYPE, device=device)
    assert_close(grad, 0.3 * sign + 0.7 * w)


def check_dropout(dropout_apply, dropout_backward, device):
    """Oracle: F.dropout under a fixed seed; its keep-mask is where the output is nonzero."""
    for seed in SEEDS:
        for shape in [(1,), (7, 3), (2, 5, 11)]:
            for p in [0.0, 0.25, 0.5, 0.9]:
                gen = make_gen(seed)
                x = randn(gen, *shape, device=device).requires_grad_()
                with torch.random.fork_rng(devices=[] if device == "cpu" else None):
                    torch.manual_seed(seed)
                    want = F.dropout(x, p, training=True)
                mask = want.detach() != 0
                dout = randn(gen, *shape, device=device)
                (want_dx,) = torch.autograd.grad(want, x, dout)
                assert_close(dropout_apply(x.detach(), mask, p), want.detach())
                assert_close(dropout_backward(dout, mask, p), want_dx)


def check_sgd_momentum_step(sgd_momentum_step, device):
    for seed in SEEDS:
        for shape in [(1,), (7,), (3, 5)]:
            for nesterov in [False, True]:
                for lr, momentum in [(0.1, 0.9), (0.03, 0.5)]:
                    gen = make_gen(seed)
                    w = randn(gen, *shape, device=device)
                    v = torch.zeros_like(w)
                    param = torch.nn.Parameter(w.clone())
                    opt = torch.optim.SGD([param], lr=lr, momentum=momentum,
                                          nesterov=nesterov)
                    for _ in range(6):
                        g = randn(gen, *shape, device=device)
                        w, v = sgd_momentum_step(w, g, v, lr, momentum=momentum,
                                                 nesterov=nesterov)
                        param.grad = g.clone()
                        opt.step()
                        assert_close(w, param.detach())
                        assert_close(v, opt.state[param]["momentum_buffer"])


def check_adam_step(adam_step, device):
    for seed in SEEDS:
        for shape in [(1,), (7,), (3, 5)]:
            for lr, betas, weight_decay in [(1e-3, (0.9, 0.999), 0.0),
                                            (0.1, (0.8, 0.95), 0.0),
                                            (0.05, (0.9, 0.999), 0.1)]:
                gen = make_gen(seed)
                w = randn(gen, *shape, device=device)
                m, v = torch.zeros_like(w), torch.zeros_like(w)
                param = torch.nn.Parameter(w.clone())
                opt = torch.optim.Adam([param], lr=lr, betas=betas, eps=1e-8,
                                       weight_decay=weight_decay)
                for t in range(1, 7):
                    g = randn(gen, *shape, device=device)
                    w, m, v = adam_step(w, g, m, v, t, lr=lr, beta1=betas[0],
                                        beta2=betas[1], eps=1e-8, weight_decay=weight_decay)
                    param.grad = g.clone()
                    opt.step()
                    assert_close(w, param.detach())
                    assert_close(m, opt.state[param]["exp_avg"])
                    assert_close(v, opt.state[param]["exp_avg_sq"])


CONV_CASES = [
    # (N, C, H, W, F, KH, KW, stride, padding)
    (1, 1, 1, 1, 1, 1, 1, 1, 0),
    (2, 3, 5, 5, 4, 3, 3, 1, 1),
    (3, 2, 7, 11, 5, 3, 3, 2, 0),
    (1, 3, 8, 7, 2, 1, 1, 1, 0),
    (2, 2, 9, 6, 3, 2, 3, 2, 1),
    (1, 1, 5, 13, 2, 5, 1, 3, 2),
    (2, 3, 6, 6, 1, 3, 3, 3, 2),
]


def check_conv2d_forward(conv2d_forward, device):
    for seed in SEEDS[:2]:
        for n, c, h, w_, f, kh, kw, stride, padding in CONV_CASES:
            gen = make_gen(seed)
            x = randn(gen, n, c, h, w_, device=device)
            w, b = randn(gen, f, c, kh, kw, device=device), randn(gen, f, device=device)
            assert_matches_oracle(
                lambda x, w, b: conv2d_forward(x, w, b, stride=stride, padding=padding),
                lambda x, w, b: F.conv2d(x, w, b, stride=stride, padding=padding),
                [x, w, b], [0, 1, 2], gen,
            )


def torch_lstm_cell(x, h_prev, c_prev, Wx, Wh, b):
    """Oracle: torch.nn.LSTMCell with weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = b."""
    d, four_h = Wx.shape
    cell = torch.nn.LSTMCell(d, four_h // 4, dtype=DTYPE, device=x.device)
    weights = {"weight_ih": Wx.T, "weight_hh": Wh.T, "bias_ih": b,
               "bias_hh": torch.zeros_like(b)}
    return torch.func.functional_call(cell, weights, (x, (h_prev, c_prev)))


def check_lstm_cell_forward(lstm_cell_forward, device):
    for seed in SEEDS:
        for n, d, h in [(1, 1, 1), (3, 5, 2), (7, 2, 11)]:
            gen = make_gen(seed)
            args = [randn(gen, n, d, device=device), randn(gen, n, h, device=device),
                    randn(gen, n, h, device=device), randn(gen, d, 4 * h, device=device),
                    randn(gen, h, 4 * h, device=device), randn(gen, 4 * h, device=device)]
            assert_matches_oracle(lstm_cell_forward, torch_lstm_cell, args, range(6), gen)


def torch_gan_losses(d_real_logits, d_fake_logits):
    bce = F.binary_cross_entropy_with_logits
    d_loss = (bce(d_real_logits, torch.ones_like(d_real_logits))
              + bce(d_fake_logits, torch.zeros_like(d_fake_logits)))
    return d_loss, bce(d_fake_logits, torch.ones_like(d_fake_logits))


def check_gan_losses(gan_losses, device):
    for seed in SEEDS:
        for n_real, n_fake in [(1, 1), (5, 3), (13, 7)]:
            for scale in [1.0, 1e4]:
                gen = make_gen(seed)
                real = randn(gen, n_real, 1, scale=scale, device=device)
                fake = randn(gen, n_fake, 1, scale=scale, device=device)
                assert_matches_oracle(gan_losses, torch_gan_losses, [real, fake], [0, 1], gen)
    extremes = torch.tensor([-1e4, -800.0, -1.0, 0.0, 2.0, 800.0, 1e4], dtype=DTYPE,
                            device=device)
    assert_matches_oracle(gan_losses, torch_gan_losses, [extremes, extremes.flip(0)], [0, 1],
                          make_gen(3))


def torch_gan_train_step(G, D, opt_G, opt_D, real, z):
    """Oracle: the training step of TASKS.md written with F.binary_cross_entropy_with_logits."""
    bce = F.binary_cross_entropy_with_logits
    opt_D.zero_grad()
    fake = G(z).detach()
    real_logits, fake_logits = D(real), D(fake)
    d_loss = (bce(real_logits, torch.ones_like(real_logits))
              + bce(fake_logits, torch.zeros_like(fake_logits)))
    d_loss.backward()
    opt_D.step()
    opt_G.zero_grad()
    logits = D(G(z))
    g_loss = bce(logits, torch.ones_like(logits))
    g_loss.backward()
    opt_G.step()
    return float(d_loss.detach()), float(g_loss.detach())


def make_gan(seed, device, z_dim=3, x_dim=5, hidden=8):
    torch.manual_seed(seed)
    G = torch.nn.Sequential(torch.nn.Linear(z_dim, hidden), torch.nn.LeakyReLU(0.2),
                            torch.nn.Linear(hidden, x_dim))
    D = torch.nn.Sequential(torch.nn.Linear(x_dim, hidden), torch.nn.LeakyReLU(0.2),
                            torch.nn.Linear(hidden, 1))
    return G.to(device=device, dtype=DTYPE), D.to(device=device, dtype=DTYPE)


OPTIMIZERS = {
    "sgd": lambda params: torch.optim.SGD(params, lr=0.05, momentum=0.9),
    "adam": lambda params: torch.optim.Adam(params, lr=0.01),
}


def check_gan_train_step(gan_train_step, device):
    for seed in SEEDS[:2]:
        for make_opt in OPTIMIZERS.values():
            with torch.random.fork_rng(devices=[] if device == "cpu" else None):
                G, D = make_gan(seed, device)
            G2, D2 = copy.deepcopy(G), copy.deepcopy(D)
            opts = (make_opt(G.parameters()), make_opt(D.parameters()))
            opts2 = (make_opt(G2.parameters()), make_opt(D2.parameters()))
            gen = make_gen(seed)
            for batch in [4, 1, 7]:
                real, z = randn(gen, batch, 5, device=device), randn(gen, batch, 3, device=device)
                got = gan_train_step(G, D, *opts, real, z)
                want = torch_gan_train_step(G2, D2, *opts2, real, z)
                assert all(type(v) is float for v in got), f"expected floats, got {got!r}"
                assert got == pytest.approx(want, rel=RTOL, abs=ATOL)
                for p, p2 in zip([*G.parameters(), *D.parameters()],
                                 [*G2.parameters(), *D2.parameters()]):
                    assert_close(p.detach(), p2.detach())


# --------------------------------------------------------------------------- tests


def test_all_lists_the_submodules():
    modules = sorted(p.stem for p in Path(reference_impl.__file__).parent.glob("*.py")
                     if p.stem != "__init__")
    assert reference_impl.__all__ == modules
    for name in reference_impl.__all__:
        assert getattr(reference_impl, name) is importlib.import_module(f"reference_impl.{name}")
    with pytest.raises(AttributeError):
        reference_impl.not_a_module  # noqa: B018


@pytest.mark.parametrize("device", DEVICES)
def test_sigmoid(device):
    check_sigmoid(activations.sigmoid, device)


@pytest.mark.parametrize("device", DEVICES)
def test_softmax(device):
    check_softmax(activations.softmax, device)


@pytest.mark.parametrize("device", DEVICES)
def test_softmax_cross_entropy(device):
    check_softmax_cross_entropy(losses.softmax_cross_entropy, device)


@pytest.mark.parametrize("device", DEVICES)
def test_cross_entropy_loss(device):
    check_cross_entropy_loss(losses.cross_entropy_loss, device)


@pytest.mark.parametrize("device", DEVICES)
def test_linear_forward(device):
    check_linear_forward(backprop.linear_forward, device)


@pytest.mark.parametrize("device", DEVICES)
def test_mlp_loss_and_grads(device):
    check_mlp_loss_and_grads(backprop.mlp_loss_and_grads, device)


@pytest.mark.parametrize("device", DEVICES)
def test_regularization_penalty(device):
    check_regularization_penalty(regularization.regularization_penalty, device)


@pytest.mark.parametrize("device", DEVICES)
def test_dropout(device):
    check_dropout(regularization.dropout_apply, regularization.dropout_backward, device)


@pytest.mark.parametrize("device", DEVICES)
def test_sgd_momentum_step(device):
    check_sgd_momentum_step(optimizers.sgd_momentum_step, device)


@pytest.mark.parametrize("device", DEVICES)
def test_adam_step(device):
    check_adam_step(optimizers.adam_step, device)


@pytest.mark.parametrize("device", DEVICES)
def test_conv2d_forward(device):
    check_conv2d_forward(cnn.conv2d_forward, device)


@pytest.mark.parametrize("device", DEVICES)
def test_lstm_cell_forward(device):
    check_lstm_cell_forward(rnn.lstm_cell_forward, device)


@pytest.mark.parametrize("device", DEVICES)
def test_gan_losses(device):
    check_gan_losses(gan.gan_losses, device)


@pytest.mark.parametrize("device", DEVICES)
def test_gan_train_step(device):
    check_gan_train_step(gan.gan_train_step, device)


# --------------------------------------------------------------------------- wrong variants


def sigmoid_naive(x):
    return torch.exp(x) / (1 + torch.exp(x))  # inf / inf = NaN for large x


def softmax_unshifted(x, axis=-1):
    e = torch.exp(x)  # overflows to inf for logits near 1e4
    return e / e.sum(dim=axis, keepdim=True)


def softmax_cross_entropy_sum(logits, labels):
    loss, dlogits = losses.softmax_cross_entropy(logits, labels)
    return loss * logits.shape[0], dlogits * logits.shape[0]  # sum instead of mean over N


def linear_without_bias(x, W, b):
    return x @ W  # (N, M)


def mlp_penalty_twice(X, y, params, reg=0.0):
    loss, grads = backprop.mlp_loss_and_grads(X, y, params, reg=reg)
    penalty = (params["W1"] ** 2).sum() + (params["W2"] ** 2).sum()
    return loss + 0.5 * reg * penalty, grads  # penalty counted twice when reg > 0


def penalty_without_half(weights, l1=0.0, l2=0.0):
    penalty, grads = regularization.regularization_penalty(weights, l1=l1, l2=l2)
    return penalty + 0.5 * l2 * sum((w * w).sum() for w in weights), grads


def dropout_unscaled(x, mask, p):
    return x * mask


def sgd_nesterov_old_buffer(w, dw, v, lr, momentum=0.9, nesterov=False):
    v_new = momentum * v + dw
    step = dw + momentum * v if nesterov else v_new  # uses the buffer before the update
    return w - lr * step, v_new


def adam_eps_inside_sqrt(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                         weight_decay=0.0):
    g = dw + weight_decay * w
    m_new, v_new = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return w - lr * m_hat / torch.sqrt(v_hat + eps), m_new, v_new


def conv2d_flipped(x, w, b, stride=1, padding=0):
    return cnn.conv2d_forward(x, w.flip(2, 3), b, stride=stride, padding=padding)


def lstm_gates_ifog(x, h_prev, c_prev, Wx, Wh, b):
    gates = x @ Wx + h_prev @ Wh + b  # (N, 4H)
    i, f, o, g = gates.chunk(4, dim=1)  # each (N, H)
    c = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def gan_losses_saturating(d_real_logits, d_fake_logits):
    d_loss, _ = gan.gan_losses(d_real_logits, d_fake_logits)
    return d_loss, -F.binary_cross_entropy_with_logits(d_fake_logits,
                                                       torch.zeros_like(d_fake_logits))


def gan_train_step_no_zero_grad_g(G, D, opt_G, opt_D, real, z):
    """Forgets opt_G.zero_grad(): G's gradients pile up over consecutive calls."""
    opt_D.zero_grad()
    d_loss, _ = gan.gan_losses(D(real), D(G(z).detach()))
    d_loss.backward()
    opt_D.step()
    _, g_loss = gan.gan_losses(D(real), D(G(z)))
    g_loss.backward()
    opt_G.step()
    return d_loss.item(), g_loss.item()


WRONG_VARIANTS = {
    "sigmoid_naive": lambda: check_sigmoid(sigmoid_naive, "cpu"),
    "softmax_unshifted": lambda: check_softmax(softmax_unshifted, "cpu"),
    "ce_sum": lambda: check_softmax_cross_entropy(softmax_cross_entropy_sum, "cpu"),
    "ce_loss_sum": lambda: check_cross_entropy_loss(
        lambda z, y: softmax_cross_entropy_sum(z, y)[0], "cpu"),
    "linear_without_bias": lambda: check_linear_forward(linear_without_bias, "cpu"),
    "mlp_penalty_twice": lambda: check_mlp_loss_and_grads(mlp_penalty_twice, "cpu"),
    "penalty_without_half": lambda: check_regularization_penalty(penalty_without_half, "cpu"),
    "dropout_unscaled": lambda: check_dropout(dropout_unscaled, dropout_unscaled, "cpu"),
    "sgd_old_buffer": lambda: check_sgd_momentum_step(sgd_nesterov_old_buffer, "cpu"),
    "adam_eps_inside_sqrt": lambda: check_adam_step(adam_eps_inside_sqrt, "cpu"),
    "conv_flipped": lambda: check_conv2d_forward(conv2d_flipped, "cpu"),
    "lstm_ifog": lambda: check_lstm_cell_forward(lstm_gates_ifog, "cpu"),
    "gan_saturating": lambda: check_gan_losses(gan_losses_saturating, "cpu"),
    "gan_no_zero_grad_g": lambda: check_gan_train_step(gan_train_step_no_zero_grad_g,
                                                        "cpu"),
}


@pytest.mark.parametrize("name", sorted(WRONG_VARIANTS))
def test_checks_reject_wrong_implementations(name):
    with pytest.raises(AssertionError):
        WRONG_VARIANTS[name]()


# --------------------------------------------------------------------------- purity


def _no_mutation_cases():
    gen = make_gen(7)
    x, W, b = randn(gen, 3, 4), randn(gen, 4, 5), randn(gen, 5)
    labels = randint(gen, 5, 3)
    params = {"W1": randn(gen, 4, 6), "b1": randn(gen, 6), "W2": randn(gen, 6, 5),
              "b2": randn(gen, 5)}
    mask = torch.rand(3, 4, generator=gen) < 0.5
    w, g, m, v = (randn(gen, 7) for _ in range(4))
    v_pos = v.abs()
    conv_x, conv_w, conv_b = randn(gen, 2, 3, 5, 5), randn(gen, 4, 3, 3, 3), randn(gen, 4)
    h, c = randn(gen, 3, 2), randn(gen, 3, 2)
    return {
        "sigmoid": (activations.sigmoid, [x]),
        "softmax": (lambda t: activations.softmax(t, axis=0), [x]),
        "softmax_cross_entropy": (losses.softmax_cross_entropy, [x @ W, labels]),
        "cross_entropy_loss": (losses.cross_entropy_loss, [x @ W, labels]),
        "linear_forward": (backprop.linear_forward, [x, W, b]),
        "mlp_loss_and_grads": (lambda X, y, *p: backprop.mlp_loss_and_grads(
            X, y, dict(zip(["W1", "b1", "W2", "b2"], p)), reg=0.1),
            [x, labels, *params.values()]),
        "regularization_penalty": (lambda *ws: regularization.regularization_penalty(
            list(ws), l1=0.1, l2=0.2), [W, b]),
        "dropout_apply": (lambda t, k: regularization.dropout_apply(t, k, 0.5), [x, mask]),
        "dropout_backward": (lambda t, k: regularization.dropout_backward(t, k, 0.5),
                             [x, mask]),
        "sgd_momentum_step": (lambda *a: optimizers.sgd_momentum_step(*a, 0.1, nesterov=True),
                              [w, g, m]),
        "adam_step": (lambda *a: optimizers.adam_step(*a, 3, lr=0.1, weight_decay=0.1),
                      [w, g, m, v_pos]),
        "conv2d_forward": (lambda *a: cnn.conv2d_forward(*a, stride=2, padding=1),
                           [conv_x, conv_w, conv_b]),
        "lstm_cell_forward": (rnn.lstm_cell_forward,
                              [x, h, c, randn(gen, 4, 8), randn(gen, 2, 8), randn(gen, 8)]),
        "gan_losses": (gan.gan_losses, [x[:, :1], x[:, 1:2]]),
        "gan_train_step": (lambda r, zz: gan.gan_train_step(*_small_gan(), r, zz),
                           [randn(gen, 4, 5), randn(gen, 4, 3)]),
    }


def _small_gan():
    with torch.random.fork_rng(devices=[]):
        G, D = make_gan(0, "cpu")
    return G, D, torch.optim.SGD(G.parameters(), lr=0.1), torch.optim.SGD(D.parameters(), lr=0.1)


NO_MUTATION_CASES = _no_mutation_cases()


@pytest.mark.parametrize("name", sorted(NO_MUTATION_CASES))
def test_reference_does_not_modify_inputs(name):
    fn, args = NO_MUTATION_CASES[name]
    before = [a.clone() for a in args]
    fn(*args)
    for a, original in zip(args, before):
        assert torch.equal(a, original), f"{name} modified an input"


def test_every_reference_function_is_checked():
    from grader.banks import load_bank

    # by hand above, or against the `oracle` its task declares (tests/test_catalogue.py)
    checked = set(NO_MUTATION_CASES) | {f.reference.rsplit(".", 1)[1]
                                        for t in load_bank().tasks.values() for f in t.functions
                                        if f.oracle and f.reference}
    # ... or in a tests/test_reference_<group>.py, which names what it proves in `PROVES`
    for path in sorted(Path(__file__).parent.glob("test_reference_*.py")):
        module = importlib.import_module(path.stem)
        assert isinstance(getattr(module, "PROVES", None), (set, frozenset)), \
            f"{path.name}: name the reference functions it proves in a set PROVES"
        checked |= module.PROVES
    for module_name in reference_impl.__all__:
        module = getattr(reference_impl, module_name)
        public = {n for n, obj in vars(module).items()
                  if callable(obj) and not n.startswith("_")
                  and getattr(obj, "__module__", None) == module.__name__}
        assert public <= checked, f"{module_name}: unchecked {sorted(public - checked)}"

