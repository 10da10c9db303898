"""PyTorch oracles for reference_impl.formulas.regularization: autograd and real optimizer steps."""

from __future__ import annotations

import torch

D = torch.float64


def _param(value):
    return torch.tensor([float(value)], dtype=D, requires_grad=True)


def l2_penalty_grad(w, lam):
    p = _param(w)
    (lam * p.pow(2).sum()).backward()
    return p.grad.item()


def sgd_weight_decay_step(w, g, lr, wd):
    p = _param(w)
    opt = torch.optim.SGD([p], lr=lr, weight_decay=wd)
    (g * p).sum().backward()  # data loss with gradient g
    opt.step()
    return p.item()


def l1_sgd_step(w, g, lr, lam):
    p = _param(w)
    opt = torch.optim.SGD([p], lr=lr)
    (g * p + lam * p.abs()).sum().backward()
    opt.step()
    return p.item()


def max_norm_project(w1, w2, c):
    w = torch.tensor([float(w1), float(w2)], dtype=D)
    norm = torch.linalg.vector_norm(w)
    return (w * torch.clamp(c / norm, max=1.0))[0].item()


def adamw_first_step(w, g, lr, wd):
    p = _param(w)
    opt = torch.optim.AdamW([p], lr=lr, weight_decay=wd)
    p.grad = torch.tensor([float(g)], dtype=D)
    opt.step()
    return p.item()


def adamw_halving_steps(lr, wd):
    # A weight whose gradient is always zero: AdamW's adaptive step is 0/(0 + eps) = 0, so only
    # the decoupled decay acts. Count steps until it is at most half its start.
    w = torch.nn.Parameter(torch.ones(1, dtype=torch.float64))
    opt = torch.optim.AdamW([w], lr=lr, weight_decay=wd)
    steps = 0
    while w.item() > 0.5:
        w.grad = torch.zeros_like(w)
        opt.step()
        steps += 1
    return steps


_M = "reference_impl.formulas.regularization."
ORACLES = {_M + f.__name__: f for f in (l2_penalty_grad, sgd_weight_decay_step, l1_sgd_step,
                                        max_norm_project, adamw_first_step,
                                        adamw_halving_steps)}
