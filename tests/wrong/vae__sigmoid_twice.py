"""The decoder output is squashed by a sigmoid and then fed to a BCE on logits."""

import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def _bce_with_logits(l, x):
    return np.maximum(l, 0) - l * x + np.log1p(np.exp(-np.abs(l)))


def vae_loss(x, x_recon_logits, mu, logvar):
    n = x.shape[0]
    probs = 1.0 / (1.0 + np.exp(-x_recon_logits))  # "the decoder's output"
    recon = np.sum(_bce_with_logits(probs, x)) / n
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar)) / n
    return float(recon + kl), float(recon), float(kl)
