"""The KL term is -Σ(1 + logvar - mu² - exp(logvar)) without the factor ½."""

import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n, l = x.shape[0], x_recon_logits
    recon = np.sum(np.maximum(l, 0) - l * x + np.log1p(np.exp(-np.abs(l)))) / n
    kl = -np.sum(1 + logvar - mu**2 - np.exp(logvar)) / n
    return float(recon + kl), float(recon), float(kl)
