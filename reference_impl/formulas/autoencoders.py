"""Autoencoder and VAE quantities.

- VAE (Kingma & Welling, "Auto-Encoding Variational Bayes", 2014, Appendix B): for
  q(z|x) = N(μ, diag σ²) and p(z) = N(0, I),
  KL(q‖p) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²); the reparameterised sample is
  z = μ + σ ⊙ ε with σ = exp(½ log σ²) and ε ~ N(0, I).
- Sparse autoencoder penalty (Ng, "Sparse autoencoder", CS294A lecture notes, 2011):
  KL(ρ‖ρ̂) = ρ log(ρ/ρ̂) + (1 − ρ) log((1 − ρ)/(1 − ρ̂)) per hidden unit.
- Parameter counts of fully connected layers: n_in·n_out weights plus n_out biases.
"""

from __future__ import annotations

import math


def vae_kl(mu: float, logvar: float, dim: int) -> dict:
    """KL(N(μ, σ²I) ‖ N(0, I)) in `dim` dimensions, every dimension with the same μ, log σ²."""
    if dim < 1:
        raise ValueError("dimension must be positive")
    per_dim = -0.5 * (1 + logvar - mu * mu - math.exp(logvar))
    return {"answer": dim * per_dim, "per_dim": per_dim, "sigma2": math.exp(logvar)}


def reparameterised_sample(mu: float, logvar: float, eps: float) -> dict:
    """z = μ + exp(½ log σ²) · ε."""
    sigma = math.exp(0.5 * logvar)
    return {"answer": mu + sigma * eps, "sigma": sigma}


def mlp_autoencoder_params(d_in: int, hidden: int, code: int) -> dict:
    """Encoder d_in→hidden→code and mirrored decoder code→hidden→d_in, all with biases."""
    if not code < hidden < d_in:
        raise ValueError("an undercomplete autoencoder narrows towards the code")
    encoder = d_in * hidden + hidden + hidden * code + code
    decoder = code * hidden + hidden + hidden * d_in + d_in
    return {"answer": encoder + decoder, "encoder": encoder, "decoder": decoder}


def sparsity_kl(rho: float, rho_hat: float) -> float:
    """KL between Bernoulli(ρ) (target) and Bernoulli(ρ̂) (average activation)."""
    if not (0 < rho < 1 and 0 < rho_hat < 1):
        raise ValueError("both activation rates must lie strictly between 0 and 1")
    return rho * math.log(rho / rho_hat) + (1 - rho) * math.log((1 - rho) / (1 - rho_hat))


def mse_effective_beta(dim: int, sigma: float) -> dict:
    """A VAE trained with F.mse_loss (mean over `dim` pixels) + KL (summed over latents) is,
    up to a positive factor, a β-VAE with a Gaussian decoder N(x̂, σ²I): the proper negative
    ELBO is ‖x − x̂‖²/(2σ²) + KL, and D/(2σ²) times the used loss equals it with β = D/(2σ²)."""
    if sigma <= 0:
        raise ValueError("sigma must be positive")
    return {"answer": dim / (2 * sigma**2)}
