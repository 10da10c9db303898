"""GAN losses on discriminator logits in NumPy, stable for logits up to 1e4.

Every term is a softplus: BCE(l, 1) = -log sigmoid(l) = softplus(-l) and
BCE(l, 0) = -log(1 - sigmoid(l)) = softplus(l), with softplus(u) = log(1 + e^u) written as
max(u, 0) + log1p(exp(-|u|)) so that no positive number is exponentiated and no log of an
underflowed probability is taken. d_loss adds a mean over the real batch and a mean over
the fake batch; g_loss is the non-saturating BCE(fake, 1).
"""

import numpy as np


def _softplus(u):
    """log(1 + e^u) without overflow."""
    return np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u)))


def gan_losses(d_real_logits, d_fake_logits):
    real_is_real = np.mean(_softplus(-d_real_logits))  # BCE(real, 1)
    fake_is_fake = np.mean(_softplus(d_fake_logits))  # BCE(fake, 0)
    d_loss = real_is_real + fake_is_fake
    g_loss = np.mean(_softplus(-d_fake_logits))  # BCE(fake, 1), non-saturating
    return float(d_loss), float(g_loss)
