"""PyTorch: std = torch.exp(logvar), the variance used as the standard deviation."""

import torch

FRAMEWORK = "torch"


def reparameterize(mu, logvar, eps):
    std = torch.exp(logvar)
    return mu + std * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n, l = x.shape[0], x_recon_logits
    recon = (l.clamp(min=0) - l * x + torch.log1p(torch.exp(-l.abs()))).sum() / n
    kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum() / n
    return recon + kl, recon, kl
