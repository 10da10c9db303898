"""PyTorch oracles for reference_impl.formulas.gan: BCE, autograd and a numerical maximiser."""

from __future__ import annotations

import torch
import torch.nn.functional as F

P = "reference_impl.formulas.gan."


def discriminator_loss(d_real, d_fake):
    real = torch.tensor([d_real], dtype=torch.float64)
    fake = torch.tensor([d_fake], dtype=torch.float64)
    return (F.binary_cross_entropy(real, torch.ones_like(real))
            + F.binary_cross_entropy(fake, torch.zeros_like(fake))).item()


def optimal_discriminator(p_data, p_g):
    # Maximise f(D) = p_data log D + p_g log(1 - D) over D in (0, 1): f is concave, so
    # bisect on the sign of its autograd derivative.
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        d = torch.tensor(mid, dtype=torch.float64, requires_grad=True)
        f = p_data * torch.log(d) + (p_g * torch.log1p(-d) if p_g else 0 * d)
        (g,) = torch.autograd.grad(f, d)
        if g > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return (lo + hi) / 2


def generator_gradient_ratio(d_fake):
    logit = torch.logit(torch.tensor(d_fake, dtype=torch.float64)).requires_grad_()
    (g_sat,) = torch.autograd.grad(torch.log1p(-torch.sigmoid(logit)), logit)
    (g_ns,) = torch.autograd.grad(F.binary_cross_entropy_with_logits(
        logit, torch.tensor(1.0, dtype=torch.float64)), logit)
    return (g_ns.abs() / g_sat.abs()).item()


ORACLES = {
    P + "discriminator_loss": discriminator_loss,
    P + "optimal_discriminator": optimal_discriminator,
    P + "generator_gradient_ratio": generator_gradient_ratio,
}


def optimal_value(a, b):
    # Evaluate the game directly at D* = p / (p + q), with BCE terms: E_p log D* = −BCE(D*, 1).
    p = torch.tensor([a, 1 - a], dtype=torch.float64)
    q = torch.tensor([b, 1 - b], dtype=torch.float64)
    d = p / (p + q)
    real = -(p * F.binary_cross_entropy(d, torch.ones_like(d), reduction="none")).nansum()
    fake = -(q * F.binary_cross_entropy(d, torch.zeros_like(d), reduction="none")).sum()
    return (real + fake).item()


ORACLES[P + "optimal_value"] = optimal_value
