"""The VAE's reparameterised sample and loss in NumPy.

z = mu + exp(logvar/2)·eps: logvar is log σ², so exp(logvar/2) is the standard deviation.
The loss is the negative ELBO of a Bernoulli decoder with a N(0, I) prior, averaged over
the batch: recon sums the stable BCE on logits, max(l, 0) - l·x + log1p(exp(-|l|)), over
every element and divides by N (a sum over the features, a mean over the batch); kl sums
the closed-form Gaussian KL, -½(1 + logvar - mu² - exp(logvar)), and divides by N too.
"""

import numpy as np


def reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n = x.shape[0]
    l = x_recon_logits
    bce = np.maximum(l, 0.0) - l * x + np.log1p(np.exp(-np.abs(l)))  # (N, D)
    recon = bce.sum() / n
    kl = -0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar)) / n
    return float(recon + kl), float(recon), float(kl)
