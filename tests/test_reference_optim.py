"""The references of rmsprop, adamw, minibatch_gd, lr_schedule, clip_grad_norm and
early_stopping against independent oracles, in float64 to rtol 1e-10, atol 1e-12:

- ``torch.optim.RMSprop`` and ``torch.optim.AdamW``, stepped several times on their own
  parameters (the state compared too: ``square_avg``, ``exp_avg``, ``exp_avg_sq``);
- mini-batch GD: ``torch.optim.SGD`` on ``F.mse_loss`` through autograd, the batches drawn
  by a ``DataLoader`` over each epoch's permutation (``drop_last=False``);
- the cosine schedule: PyTorch's ``SequentialLR(LinearLR, CosineAnnealingLR)`` stepped one
  step at a time (see ``torch_cosine_with_warmup`` for how the two conventions meet);
- ``torch.nn.utils.clip_grad_norm_`` on parameters holding the gradients;
- early stopping: the state machine of Keras' ``EarlyStopping.on_epoch_end`` (Keras is no
  dependency of this project, so its logic is transcribed below, with hand-worked cases).

Each `check_*` helper takes the implementation under test, so that
`test_checks_reject_the_known_mistakes` shows it failing on the mistakes of
`reference_impl.mistakes.optim` (a check that accepts everything proves nothing).
"""

import math

import pytest
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from reference_impl import optimizers, training
from reference_impl.mistakes import optim as mistakes

#: the references this file proves (tests/test_reference.py checks that every one is proven)
PROVES = frozenset({"rmsprop_step", "adamw_step", "minibatch_gd", "cosine_with_warmup",
                    "clip_grad_norm", "early_stopping"})

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
SEEDS = [0, 1, 2]


def gen(seed):
    return torch.Generator().manual_seed(seed)


def randn(g, *shape, scale=1.0):
    return scale * torch.randn(shape, generator=g, dtype=DTYPE)


def close(got, want, rtol=RTOL, atol=ATOL):
    got = torch.as_tensor(got, dtype=DTYPE)
    want = torch.as_tensor(want, dtype=DTYPE)
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    torch.testing.assert_close(got, want, rtol=rtol, atol=atol)


def untouched(fn, *args, **kw):
    """Call fn and assert that it left every tensor argument (also inside lists) as it was."""
    def tensors(a):
        return [t for t in (a if isinstance(a, list) else [a]) if isinstance(t, torch.Tensor)]
    flat = [t for a in args for t in tensors(a)]
    before = [t.clone() for t in flat]
    out = fn(*args, **kw)
    assert all(torch.equal(a, b) for a, b in zip(flat, before)), f"{fn.__name__} changed an input"
    return out


# ------------------------------------------------------------------------ optimizers
RMSPROP_CASES = [  # (shape, lr, alpha, eps, gradient scale)
    ((1,), 0.01, 0.99, 1e-8, 1.0),
    ((7,), 0.1, 0.9, 1e-8, 1.0),
    ((3, 5), 0.05, 0.5, 1e-3, 0.01),
    ((2, 3), 0.01, 0.99, 1e-6, 1e-4),
]


def check_rmsprop(fn, seed, steps=6):
    """w and the running average s against torch.optim.RMSprop, step after step."""
    g = gen(seed)
    for shape, lr, alpha, eps, scale in RMSPROP_CASES:
        w = randn(g, *shape)
        s = torch.zeros_like(w)
        param = torch.nn.Parameter(w.clone())
        opt = torch.optim.RMSprop([param], lr=lr, alpha=alpha, eps=eps)
        for _ in range(steps):
            dw = randn(g, *shape, scale=scale)
            w, s = untouched(fn, w, dw, s, lr=lr, alpha=alpha, eps=eps)
            param.grad = dw.clone()
            opt.step()
            close(w, param.detach())
            close(s, opt.state[param]["square_avg"])


ADAMW_CASES = [  # (shape, lr, betas, eps, weight_decay, gradient scale)
    ((1,), 1e-3, (0.9, 0.999), 1e-8, 0.01, 1.0),
    ((7,), 0.1, (0.8, 0.95), 1e-8, 0.1, 1.0),
    ((3, 5), 0.05, (0.9, 0.999), 1e-3, 0.3, 0.01),
    ((2, 3), 0.01, (0.5, 0.9), 1e-8, 0.0, 1.0),
]


def check_adamw(fn, seed, steps=6):
    """w, m and v against torch.optim.AdamW, step after step with t = 1, 2, …"""
    g = gen(seed)
    for shape, lr, betas, eps, wd, scale in ADAMW_CASES:
        w = randn(g, *shape)
        m, v = torch.zeros_like(w), torch.zeros_like(w)
        param = torch.nn.Parameter(w.clone())
        opt = torch.optim.AdamW([param], lr=lr, betas=betas, eps=eps, weight_decay=wd)
        for t in range(1, steps + 1):
            dw = randn(g, *shape, scale=scale)
            w, m, v = untouched(fn, w, dw, m, v, t, lr=lr, beta1=betas[0], beta2=betas[1],
                                eps=eps, weight_decay=wd)
            param.grad = dw.clone()
            opt.step()
            close(w, param.detach())
            close(m, opt.state[param]["exp_avg"])
            close(v, opt.state[param]["exp_avg_sq"])


# ------------------------------------------------------------------------ mini-batch GD
MINIBATCH_CASES = [  # (N, D, batch_size, epochs, lr)
    (13, 3, 4, 3, 0.1),   # a last batch of 1
    (7, 1, 7, 4, 0.2),    # batch GD
    (5, 2, 1, 2, 0.05),   # SGD
    (11, 4, 3, 2, 0.1),   # a last batch of 2
    (6, 2, 8, 3, 0.1),    # batch_size > N: one short batch
]


def sgd_on_mse(X, y, w0, lr, batch_size, perms):
    """The oracle: a DataLoader over each epoch's order, F.mse_loss, autograd, optim.SGD."""
    w = torch.nn.Parameter(w0.clone())
    opt = torch.optim.SGD([w], lr=lr)
    losses = []
    for order in perms:
        loader = DataLoader(TensorDataset(X, y), batch_size=batch_size,
                            sampler=order.tolist(), drop_last=False)
        for Xb, yb in loader:
            opt.zero_grad()
            loss = F.mse_loss(Xb @ w, yb)
            losses.append(loss.detach().clone())
            loss.backward()
            opt.step()
    return w.detach(), losses


def check_minibatch_gd(fn, seed):
    g = gen(seed)
    for n, d, batch_size, epochs, lr in MINIBATCH_CASES:
        X, y, w0 = randn(g, n, d), randn(g, n), randn(g, d)
        perms = torch.stack([torch.randperm(n, generator=g) for _ in range(epochs)])
        w, losses = untouched(fn, X, y, w0, lr, batch_size, epochs, perms)
        want_w, want_losses = sgd_on_mse(X, y, w0, lr, batch_size, perms)
        assert isinstance(losses, (list, tuple)) and len(losses) == len(want_losses) == \
            epochs * math.ceil(n / batch_size)
        close(w, want_w)
        close(torch.stack(losses), torch.stack(want_losses))


# ------------------------------------------------------------------------ cosine schedule
SCHEDULE_CASES = [  # (total_steps, base_lr, warmup_steps, min_lr)
    (100, 0.1, 10, 0.0),
    (50, 3e-4, 0, 0.0),
    (37, 1.0, 5, 0.1),
    (20, 0.5, 1, 1e-3),
    (8, 0.2, 7, 0.05),    # one cosine step: T = max(1, 8 − 7)
    (6, 0.2, 6, 0.01),    # total == warmup: T = max(1, 0) = 1
    (1, 0.3, 0, 0.02),
]


def torch_cosine_with_warmup(total_steps, base_lr, warmup_steps, min_lr, steps):
    """The learning rate PyTorch's schedulers give at steps 0 … steps − 1.

    Warmup: ``LinearLR(start_factor=1/W, end_factor=1, total_iters=W − 1)`` multiplies
    base_lr by 1/W + (1 − 1/W)·k/(W − 1) = (k + 1)/W at step k < W: the contract's
    (step + 1)/W, which reaches base_lr at the last warmup step W − 1 (not at step W, as
    k/W would). Then ``CosineAnnealingLR(T_max=max(1, total − W), eta_min=min_lr)`` from
    step W on, by ``SequentialLR``'s milestone W. Past p = 1 (step total_steps, or W + 1
    when total_steps ≤ W) the two part ways:
    CosineAnnealingLR is periodic (it climbs back to base_lr), while the contract clamps
    p at 1, so the comparison stops there and the clamp is checked apart.
    """
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1, dtype=DTYPE))], lr=base_lr)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(
        opt, T_max=max(1, total_steps - warmup_steps), eta_min=min_lr)
    if warmup_steps:
        warm = torch.optim.lr_scheduler.LinearLR(
            opt, start_factor=1 / warmup_steps, end_factor=1.0,
            total_iters=max(1, warmup_steps - 1))
        sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cosine],
                                                      milestones=[warmup_steps])
    else:
        sched = cosine
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


def check_cosine_with_warmup(fn):
    for total, base, warmup, min_lr in SCHEDULE_CASES:
        end = warmup + max(1, total - warmup)  # the first step with p = 1 (total, or W + 1)
        want = torch_cosine_with_warmup(total, base, warmup, min_lr, end + 1)
        got = [fn(step, total, base, warmup, min_lr) for step in range(end + 1)]
        close(got, want)
        for step in (end, end + 1, end + 7, 3 * end + 5):  # p clamped at 1
            close(fn(step, total, base, warmup, min_lr), min_lr)


def test_cosine_with_warmup_by_hand():
    f = training.cosine_with_warmup
    assert f(0, 100, 0.1, 10) == pytest.approx(0.01)        # (0 + 1)/10
    assert f(9, 100, 0.1, 10) == pytest.approx(0.1)         # last warmup step: base
    assert f(10, 100, 0.1, 10) == pytest.approx(0.1)        # p = 0
    assert f(55, 100, 0.1, 10, 0.02) == pytest.approx(0.06)  # p = ½: halfway to min_lr
    assert f(100, 100, 0.1, 10, 0.02) == pytest.approx(0.02)
    assert f(0, 10, 0.4) == pytest.approx(0.4)               # no warmup: starts at base
    assert isinstance(f(3, 10, 0.4, 2), float)


def test_pytorch_cosine_is_periodic_past_t_max():
    """Why the comparison with CosineAnnealingLR stops at total_steps (see its docstring)."""
    lrs = torch_cosine_with_warmup(10, 0.1, 0, 0.0, 16)
    assert lrs[10] == pytest.approx(0.0, abs=1e-15) and lrs[15] > 0.04
    assert training.cosine_with_warmup(15, 10, 0.1) == 0.0


# ------------------------------------------------------------------------ gradient clipping
CLIP_CASES = [  # (shapes, scale, max_norm): clipped when the joint norm exceeds max_norm
    ([(3, 4), (4,), (1,)], 1.0, 1.0),
    ([(3, 4), (4,), (1,)], 1.0, 100.0),
    ([(5,)], 1.0, 0.5),
    ([(2, 3, 2), (7,)], 1e-3, 1e-3),
    ([(2, 2), (3,)], 1e-4, 0.1),
    ([(1,), (1,), (1,)], 10.0, 5.0),
]


def check_clip_grad_norm(fn, seed):
    """Clipped gradients and total norm against torch.nn.utils.clip_grad_norm_."""
    g = gen(seed)
    for shapes, scale, max_norm in CLIP_CASES:
        grads = [randn(g, *s, scale=scale) for s in shapes]
        clipped, total = untouched(fn, grads, max_norm)
        params = [torch.nn.Parameter(torch.zeros_like(x)) for x in grads]
        for p, x in zip(params, grads):
            p.grad = x.clone()
        want_total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        assert len(clipped) == len(grads)
        close(total, want_total)
        for c, p in zip(clipped, params):
            close(c, p.grad)


# ------------------------------------------------------------------------ early stopping
class KerasEarlyStopping:
    """`keras.callbacks.EarlyStopping(monitor="val_loss", mode="min", min_delta, patience,
    restore_best_weights=True)`, its `on_epoch_end` transcribed (Keras 3): the improvement
    test is monitor_op(current − min_delta, best) with monitor_op = less and min_delta
    negated in min mode; `wait` is incremented before the test and reset by an
    improvement; training stops when wait ≥ patience at an epoch > 0."""

    def __init__(self, patience, min_delta):
        self.patience, self.min_delta = patience, -abs(min_delta)
        self.best, self.wait, self.best_epoch, self.best_weights = float("inf"), 0, 0, None
        self.stop_training = False

    def on_epoch_end(self, epoch, current):
        if self.best_weights is None:
            self.best_weights, self.best_epoch = epoch, epoch
        self.wait += 1
        if current - self.min_delta < self.best:
            self.best, self.best_epoch, self.best_weights, self.wait = current, epoch, epoch, 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stop_training = True


def keras_fit(val_losses, patience, min_delta):
    """(the last epoch run, the epoch whose weights are restored), as `model.fit` would."""
    cb = KerasEarlyStopping(patience, min_delta)
    for epoch, loss in enumerate(val_losses):
        cb.on_epoch_end(epoch, float(loss))
        if cb.stop_training:
            break
    return epoch, cb.best_weights


EARLY_BY_HAND = [  # (losses, patience, min_delta, (stop_epoch, best_epoch))
    ([1.0, 0.9, 0.8, 0.7], 2, 0.0, (3, 3)),                     # improves to the end
    ([1.0, 1.1, 1.2, 1.3, 0.5], 3, 0.0, (3, 0)),                # never better than epoch 0
    ([1.0, 0.5, 0.6, 0.4, 0.45, 0.47, 0.3], 2, 0.0, (5, 3)),
    ([1.0, 0.95, 0.88, 0.87, 0.86, 0.85], 2, 0.1, (4, 2)),      # small gains do not count
    ([0.5, 0.6, 0.4, 0.7], 1, 0.0, (1, 0)),                     # patience 1
    ([0.5, 0.5, 0.5], 2, 0.0, (2, 0)),                          # ties do not improve
    ([2.0], 3, 0.0, (0, 0)),
]


def check_early_stopping(fn, seed):
    for losses, patience, min_delta, want in EARLY_BY_HAND:
        assert keras_fit(losses, patience, min_delta) == want
        assert tuple(untouched(fn, torch.tensor(losses, dtype=DTYPE), patience, min_delta)) == want
        assert tuple(fn(list(losses), patience, min_delta)) == want
    g = gen(seed)
    for n, patience, min_delta, decimals in [(20, 3, 0.0, None), (30, 1, 0.02, None),
                                             (25, 5, 0.05, None), (15, 2, 0.0, 1),
                                             (40, 4, 0.01, 2)]:
        for _ in range(20):
            trend = torch.linspace(1.0, 0.3, n, dtype=DTYPE)
            losses = trend + 0.1 * torch.rand(n, generator=g, dtype=DTYPE)
            if decimals is not None:  # ties on purpose
                losses = torch.round(losses, decimals=decimals)
            got = untouched(fn, losses, patience, min_delta)
            assert tuple(got) == keras_fit(losses, patience, min_delta)
            assert all(type(v) is int for v in got)


# ------------------------------------------------------------------------ the references
@pytest.mark.parametrize("seed", SEEDS)
def test_rmsprop(seed):
    check_rmsprop(optimizers.rmsprop_step, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_adamw(seed):
    check_adamw(optimizers.adamw_step, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_minibatch_gd(seed):
    check_minibatch_gd(training.minibatch_gd, seed)


def test_cosine_with_warmup():
    check_cosine_with_warmup(training.cosine_with_warmup)


@pytest.mark.parametrize("seed", SEEDS)
def test_clip_grad_norm(seed):
    check_clip_grad_norm(training.clip_grad_norm, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping(seed):
    check_early_stopping(training.early_stopping, seed)


def test_training_exports():
    assert training.__all__ == ["clip_grad_norm", "cosine_with_warmup", "early_stopping",
                                "minibatch_gd"]


# ------------------------------------------------------------------------ the mistakes
_CHECKS = {"rmsprop_step": check_rmsprop, "adamw_step": check_adamw,
           "minibatch_gd": check_minibatch_gd, "clip_grad_norm": check_clip_grad_norm,
           "early_stopping": check_early_stopping,
           "cosine_with_warmup": lambda fn, seed: check_cosine_with_warmup(fn)}
REJECTED = {name: next(c for prefix, c in _CHECKS.items() if name.startswith(prefix))
            for name in mistakes.__all__}


def test_every_mistake_is_shown_rejected():
    assert set(REJECTED) == set(mistakes.__all__)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_checks_reject_the_known_mistakes(name):
    with pytest.raises(AssertionError):
        REJECTED[name](getattr(mistakes, name), 0)
