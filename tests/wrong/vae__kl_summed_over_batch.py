"""The KL is summed over the batch too, while recon is averaged over it."""

import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n, l = x.shape[0], x_recon_logits
    recon = np.sum(np.maximum(l, 0) - l * x + np.log1p(np.exp(-np.abs(l)))) / n
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar))
    return float(recon + kl), float(recon), float(kl)
