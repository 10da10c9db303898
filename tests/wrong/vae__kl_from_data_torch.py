"""PyTorch: the KL reads mu.data and logvar.data (old Variable-era code), so it is a constant."""

import torch

FRAMEWORK = "torch"


def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n, l = x.shape[0], x_recon_logits
    recon = (l.clamp(min=0) - l * x + torch.log1p(torch.exp(-l.abs()))).sum() / n
    m, lv = mu.data, logvar.data
    kl = -0.5 * (1 + lv - m**2 - lv.exp()).sum() / n
    return recon + kl, recon, kl
