"""PyTorch oracles for reference_impl.formulas.backprop: autograd through torch's own losses,
and a finite difference evaluated numerically against the autograd derivative."""

from __future__ import annotations

import torch
import torch.nn.functional as F

f64 = torch.float64


def _logit(z):
    return torch.tensor(float(z), dtype=f64, requires_grad=True)


def sigmoid_bce_logit_grad(z, y):
    t = _logit(z)
    F.binary_cross_entropy_with_logits(t, torch.tensor(float(y), dtype=f64)).backward()
    return t.grad.item()


def sigmoid_mse_logit_grad(z, y):
    t = _logit(z)
    (0.5 * F.mse_loss(torch.sigmoid(t), torch.tensor(float(y), dtype=f64))).backward()
    return t.grad.item()


def softmax_ce_logit_grad(z1, z2, z3, c, k):
    t = torch.tensor([[z1, z2, z3]], dtype=f64, requires_grad=True)
    F.cross_entropy(t, torch.tensor([c - 1])).backward()
    return t.grad[0, k - 1].item()


def central_difference_error(x, h):
    def f(v):
        return v ** 3
    t = _logit(x)
    f(t).backward()
    xs = torch.tensor([x + h, x - h], dtype=f64)
    fs = f(xs)
    estimate = ((fs[0] - fs[1]) / (2 * h)).item()
    return estimate - t.grad.item()


def saved_activation_bytes(n, d, h):
    # Record every tensor autograd saves for backward, once per storage, leaving out parameters.
    net = torch.nn.Sequential(torch.nn.Linear(d, h), torch.nn.ReLU(), torch.nn.Linear(h, 3))
    params = {p.untyped_storage().data_ptr() for p in net.parameters()}
    saved = {}

    def pack(t):
        saved[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        net(torch.randn(n, d)).sum()
    return sum(b for ptr, b in saved.items() if ptr not in params)


ORACLES = {
    "reference_impl.formulas.backprop.sigmoid_bce_logit_grad": sigmoid_bce_logit_grad,
    "reference_impl.formulas.backprop.sigmoid_mse_logit_grad": sigmoid_mse_logit_grad,
    "reference_impl.formulas.backprop.softmax_ce_logit_grad": softmax_ce_logit_grad,
    "reference_impl.formulas.backprop.central_difference_error": central_difference_error,
    "reference_impl.formulas.backprop.saved_activation_bytes": saved_activation_bytes,
}
