"""Both terms summed over the batch, as in PyTorch's example VAE (reduction="sum"), never divided by N."""

import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    l = x_recon_logits
    recon = np.sum(np.maximum(l, 0) - l * x + np.log1p(np.exp(-np.abs(l))))
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar))
    return float(recon + kl), float(recon), float(kl)
