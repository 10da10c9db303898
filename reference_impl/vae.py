"""The variational autoencoder's reparameterised sample and its loss (the negative ELBO).

Math (Kingma & Welling, 2014, "Auto-Encoding Variational Bayes", §2.4 and Appendix B):
z = μ + σ·ε with σ = exp(½·log σ²) and ε ~ N(0, I), so that z ~ N(μ, σ²) and z is a
differentiable function of (μ, log σ²). The loss of a batch x (N, D) in [0, 1] is

    recon = (1/N)·Σ_n Σ_d BCE(ℓ_nd, x_nd),   BCE(ℓ, x) = max(ℓ, 0) − ℓ·x + log(1 + e^{−|ℓ|})
    kl    = (1/N)·Σ_n −½·Σ_j (1 + log σ²_nj − μ²_nj − σ²_nj)     (KL(N(μ, σ²) ‖ N(0, I)))
    loss  = recon + kl

with ℓ the decoder's logits: the Bernoulli negative log-likelihood summed over the features,
the closed-form Gaussian KL summed over the latent dimensions, both averaged over the batch.
"""

import torch

__all__ = ["reparameterize", "vae_loss"]


def reparameterize(mu, logvar, eps):
    """The reparameterised sample z = μ + exp(½·log σ²)·ε.

    Args:
        mu: (N, L) means of q(z | x).
        logvar: (N, L) log-variances log σ² of q(z | x).
        eps: (N, L) standard normal noise.

    Returns:
        (N, L) tensor z, differentiable with respect to mu, logvar (and eps).
    """
    std = torch.exp(0.5 * logvar)  # (N, L) σ = √(σ²)
    return mu + std * eps  # (N, L)


def vae_loss(x, x_recon_logits, mu, logvar):
    """Negative ELBO of a Bernoulli-decoder VAE with a standard normal prior.

    Args:
        x: (N, D) data in [0, 1]; a constant (no gradient is asked of it).
        x_recon_logits: (N, D) decoder logits ℓ.
        mu: (N, L) encoder means.
        logvar: (N, L) encoder log-variances.

    Returns:
        ``(loss, recon, kl)``, 0-d tensors: recon the BCE on logits summed over D and
        averaged over N, kl the KL to N(0, I) summed over L and averaged over N,
        loss = recon + kl.
    """
    n = x.shape[0]
    logits = x_recon_logits
    # max(ℓ, 0) as (ℓ + |ℓ|)/2: the same value, with the true slope ½ at exactly 0
    bce = (logits + logits.abs()) / 2 - logits * x + torch.log1p(torch.exp(-logits.abs()))  # (N, D)
    recon = bce.sum() / n
    kl = -0.5 * (1 + logvar - mu**2 - torch.exp(logvar)).sum() / n
    return recon + kl, recon, kl
