"""PyTorch oracles for reference_impl.formulas.optimizers: put the gradient on a float64
parameter, run the torch.optim optimizer and read the weight."""

from __future__ import annotations

import torch


def _run(opt_cls, grads, w0=0.0, **kw):
    """Weights after each step of `opt_cls` fed the gradients `grads` in turn."""
    p = torch.tensor([float(w0)], dtype=torch.float64, requires_grad=True)
    opt = opt_cls([p], **kw)
    out = []
    for g in grads:
        p.grad = torch.tensor([float(g)], dtype=torch.float64)
        opt.step()
        out.append(p.item())
    return out


def adam_first_step(g, lr, eps):
    return _run(torch.optim.Adam, [g], lr=lr, eps=eps)[-1]


def adam_two_steps(g1, g2, lr):
    return _run(torch.optim.Adam, [g1, g2], lr=lr)[-1]


def sgd_momentum_weight(lr, mu, g, n):
    return _run(torch.optim.SGD, [g] * n, lr=lr, momentum=mu)[-1]


def adagrad_step_size(lr, g, t):
    ws = _run(torch.optim.Adagrad, [g] * t, lr=lr)
    return abs(ws[-1] - (ws[-2] if t > 1 else 0.0))


def rmsprop_first_step(lr, alpha, g):
    return abs(_run(torch.optim.RMSprop, [g], lr=lr, alpha=alpha)[-1])


def adamw_first_step(w0, g, lr, wd):
    return _run(torch.optim.AdamW, [g], w0=w0, lr=lr, weight_decay=wd)[-1] - w0


def adam_small_grad_step(g_exp, eps_exp):
    w = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.Adam([w], lr=1.0, eps=10.0**eps_exp)
    w.grad = torch.tensor([10.0**g_exp], dtype=torch.float64)
    opt.step()
    return abs(w.item())


def adam_step_after_silence(beta2, t):
    w = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.Adam([w], lr=1.0, betas=(0.9, beta2), eps=1e-8)
    for step in range(1, t + 1):
        w.grad = torch.tensor([1.0 if step == t else 0.0], dtype=torch.float64)
        opt.step()
    return abs(w.item())


ORACLES = {
    "reference_impl.formulas.optimizers.adam_first_step": adam_first_step,
    "reference_impl.formulas.optimizers.adam_two_steps": adam_two_steps,
    "reference_impl.formulas.optimizers.sgd_momentum_weight": sgd_momentum_weight,
    "reference_impl.formulas.optimizers.adagrad_step_size": adagrad_step_size,
    "reference_impl.formulas.optimizers.rmsprop_first_step": rmsprop_first_step,
    "reference_impl.formulas.optimizers.adamw_first_step": adamw_first_step,
    "reference_impl.formulas.optimizers.adam_small_grad_step": adam_small_grad_step,
    "reference_impl.formulas.optimizers.adam_step_after_silence": adam_step_after_silence,
}
