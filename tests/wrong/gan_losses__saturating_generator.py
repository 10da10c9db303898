"""The generator minimises the minimax term log(1 - D(G(z))) instead of -log D(G(z))."""

import numpy as np


def _softplus(u):
    return np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u)))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = np.mean(_softplus(-d_real_logits)) + np.mean(_softplus(d_fake_logits))
    g_loss = np.mean(-_softplus(d_fake_logits))  # log(1 - sigmoid(f)) = -softplus(f)
    return float(d_loss), float(g_loss)
