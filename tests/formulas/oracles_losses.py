"""PyTorch oracles for reference_impl.formulas.losses: torch's own loss modules."""

from __future__ import annotations

import torch
import torch.nn.functional as F

f64 = torch.float64


def ce_from_logits(z1, z2, z3, c):
    return F.cross_entropy(torch.tensor([[z1, z2, z3]], dtype=f64), torch.tensor([c - 1])).item()


def bce_with_logits(z, y):
    return torch.nn.BCEWithLogitsLoss()(torch.tensor([float(z)], dtype=f64),
                                        torch.tensor([float(y)], dtype=f64)).item()


def mse_of_errors(e1, e2, e3, e4):
    target = torch.tensor([3.0, -1.0, 0.5, 10.0], dtype=f64)
    pred = target + torch.tensor([e1, e2, e3, e4], dtype=f64)
    return torch.nn.MSELoss()(pred, target).item()


def huber(r, delta):
    return torch.nn.HuberLoss(delta=delta)(torch.tensor([float(r)], dtype=f64),
                                           torch.tensor([0.0], dtype=f64)).item()


def hinge(y, f):
    # Binary hinge as a two-class multi-class margin loss: scores (-f/2, f/2), class (y+1)/2.
    # multi_margin_loss averages over the 2 classes, hence the factor 2.
    scores = torch.tensor([[-f / 2, f / 2]], dtype=f64)
    return 2 * F.multi_margin_loss(scores, torch.tensor([(y + 1) // 2]), margin=1.0).item()


def label_smoothing_floor(c, eps):
    # The loss at p = q (logits log q) with PyTorch's label smoothing; and no other p does better:
    # a few gradient steps from there do not lower it.
    q = torch.full((1, c), eps / c, dtype=torch.float64)
    q[0, 0] += 1 - eps
    target = torch.tensor([0])
    logits = q.log().requires_grad_()
    loss = F.cross_entropy(logits, target, label_smoothing=eps)
    (grad,) = torch.autograd.grad(loss, logits)
    assert grad.abs().max() < 1e-12  # a stationary point of a convex function: the minimum
    return loss.item()


def stable_ce(base, d1, d2):
    logits = torch.tensor([[base, base - d1, base - d2]], dtype=torch.float64)
    return F.cross_entropy(logits, torch.tensor([1])).item()


ORACLES = {
    "reference_impl.formulas.losses.ce_from_logits": ce_from_logits,
    "reference_impl.formulas.losses.bce_with_logits": bce_with_logits,
    "reference_impl.formulas.losses.mse_of_errors": mse_of_errors,
    "reference_impl.formulas.losses.huber": huber,
    "reference_impl.formulas.losses.hinge": hinge,
    "reference_impl.formulas.losses.label_smoothing_floor": label_smoothing_floor,
    "reference_impl.formulas.losses.stable_ce": stable_ce,
}
