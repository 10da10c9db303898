"""GAN objective values, from Goodfellow et al., "Generative Adversarial Nets", 2014.

- The discriminator minimises BCE(D(x), 1) + BCE(D(G(z)), 0) = −log D(x) − log(1 − D(G(z))).
- For a fixed generator the optimal discriminator is D*(x) = p_data(x) / (p_data(x) + p_g(x))
  (Proposition 1 of the paper).
- With D = σ(ℓ), the saturating generator loss log(1 − D) has ∂/∂ℓ = −D, while the
  non-saturating loss −log D has ∂/∂ℓ = −(1 − D) (Section 3 of the paper).
"""

from __future__ import annotations

import math


def discriminator_loss(d_real: float, d_fake: float) -> dict:
    """−log D(x) − log(1 − D(G(z))) for the given discriminator outputs."""
    if not (0 < d_real <= 1 and 0 <= d_fake < 1):
        raise ValueError("discriminator outputs must be probabilities with finite loss")
    real_term = -math.log(d_real)
    fake_term = -math.log(1 - d_fake)
    return {"answer": real_term + fake_term, "real_term": real_term, "fake_term": fake_term,
            "log4": math.log(4)}


def optimal_discriminator(p_data: float, p_g: float) -> float:
    """D*(x) = p_data / (p_data + p_g); undefined where both densities are zero."""
    if p_data < 0 or p_g < 0 or p_data + p_g == 0:
        raise ValueError("densities must be non-negative and not both zero")
    return p_data / (p_data + p_g)


def generator_gradient_ratio(d_fake: float) -> dict:
    """|∂(−log D)/∂ℓ| / |∂ log(1 − D)/∂ℓ| = (1 − D) / D at D = σ(ℓ)."""
    if not 0 < d_fake < 1:
        raise ValueError("D(G(z)) must lie strictly between 0 and 1")
    saturating = d_fake
    non_saturating = 1 - d_fake
    return {"answer": non_saturating / saturating, "saturating": saturating,
            "non_saturating": non_saturating}


def optimal_value(a: float, b: float) -> dict:
    """Value V(D*, G) = E_p[log D*] + E_q[log(1 − D*)] of the original GAN game at the optimal
    discriminator D* = p/(p + q), for data p = (a, 1 − a) and generator q = (b, 1 − b) on two
    points: V = 2·JSD(p ‖ q) − log 4 (Goodfellow et al. 2014, Theorem 1)."""
    if not (0 <= a <= 1 and 0 < b < 1):
        raise ValueError("need 0 ≤ a ≤ 1 and 0 < b < 1")

    def kl_to_mixture(u: list, v: list) -> float:
        return sum(ui * math.log(2 * ui / (ui + vi)) for ui, vi in zip(u, v) if ui > 0)

    p, q = [a, 1 - a], [b, 1 - b]
    jsd = 0.5 * kl_to_mixture(p, q) + 0.5 * kl_to_mixture(q, p)
    return {"answer": 2 * jsd - math.log(4), "jsd": f"{jsd:.4f}"}
