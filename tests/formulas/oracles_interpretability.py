"""PyTorch oracles for reference_impl.formulas.interpretability: autograd for the
attributions, unfold to count the occlusion windows."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def ig_interaction(a, b, x1, x2):
    # Integrated gradients by the midpoint rule. Along the straight path the gradient is
    # linear in alpha, so the midpoint rule is exact (up to rounding) for any step count.
    x = torch.tensor([x1, x2], dtype=torch.float64)
    steps = 8
    total = torch.zeros(2, dtype=torch.float64)
    for k in range(steps):
        alpha = (k + 0.5) / steps
        xi = (alpha * x).requires_grad_(True)
        f = a * xi[0] * xi[1] + b * xi[0]
        (g,) = torch.autograd.grad(f, xi)
        total += g
    return (x * total / steps)[0].item()


def logistic_saliency(w1, w2, x1, x2):
    x = torch.tensor([x1, x2], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([w1, w2], dtype=torch.float64)
    p = torch.sigmoid(x @ w + 0.5)
    p.backward()
    return x.grad[0].item()


def occlusion_passes(n, k, s):
    windows = F.unfold(torch.zeros(1, 1, n, n), kernel_size=k, stride=s).shape[-1]
    return windows + 1


ORACLES = {
    "reference_impl.formulas.interpretability.ig_interaction": ig_interaction,
    "reference_impl.formulas.interpretability.logistic_saliency": logistic_saliency,
    "reference_impl.formulas.interpretability.occlusion_passes": occlusion_passes,
}


def ig_riemann_gap(x, m):
    total = torch.zeros((), dtype=torch.float64)
    for k in range(m):  # left Riemann sum along the straight path from 0 to x
        point = torch.tensor(k / m * x, dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(point**3, point)
        total += grad * x / m
    return x**3 - total.item()


ORACLES["reference_impl.formulas.interpretability.ig_riemann_gap"] = ig_riemann_gap
