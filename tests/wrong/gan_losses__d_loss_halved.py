"""d_loss averages the real and fake terms (÷2) instead of adding them."""

import numpy as np


def _softplus(u):
    return np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u)))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = 0.5 * (np.mean(_softplus(-d_real_logits)) + np.mean(_softplus(d_fake_logits)))
    g_loss = np.mean(_softplus(-d_fake_logits))
    return float(d_loss), float(g_loss)
