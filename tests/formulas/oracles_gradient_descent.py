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


ORACLES = {
    "reference_impl.formulas.gradient_descent.updates_per_epoch": updates_per_epoch,
    "reference_impl.formulas.gradient_descent.total_updates_drop_last": total_updates_drop_last,
    "reference_impl.formulas.gradient_descent.gd_quadratic": gd_quadratic,
}
