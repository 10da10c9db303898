"""PyTorch oracles for reference_impl.formulas.gradient_descent: count a DataLoader's batches,
and run torch.optim.SGD on the quadratic."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, TensorDataset


def _loader(n, b, drop_last):
    return DataLoader(TensorDataset(torch.zeros(n)), batch_size=b, shuffle=True,
                      drop_last=drop_last)


def updates_per_epoch(n, b):
    return len(_loader(n, b, drop_last=False))


def total_updates_drop_last(n, b, epochs):
    return epochs * len(_loader(n, b, drop_last=True))


def gd_quadratic(a, c, w0, lr, k):
    w = torch.tensor([float(w0)], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    for _ in range(k):
        opt.zero_grad()
        (0.5 * a * (w - c) ** 2).sum().backward()
        opt.step()
    return w.item()


def gd_condition_steps(kappa, k):
    w = torch.nn.Parameter(torch.ones(2, dtype=torch.float64))
    scale = torch.tensor([1.0, kappa], dtype=torch.float64)
    opt = torch.optim.SGD([w], lr=2 / (1 + kappa))
    start = w.detach().norm().item()
    steps = 0
    while w.detach().norm().item() > start * 10.0**-k:
        opt.zero_grad()
        (0.5 * (scale * w * w).sum()).backward()
        opt.step()
        steps += 1
    return steps


ORACLES = {
    "reference_impl.formulas.gradient_descent.updates_per_epoch": updates_per_epoch,
    "reference_impl.formulas.gradient_descent.total_updates_drop_last": total_updates_drop_last,
    "reference_impl.formulas.gradient_descent.gd_quadratic": gd_quadratic,
    "reference_impl.formulas.gradient_descent.gd_condition_steps": gd_condition_steps,
}
