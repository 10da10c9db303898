"""Probabilities clipped to [1e-7, 1 - 1e-7] before the log: finite, but capped near 16."""

import numpy as np

EPS = 1e-7


def gan_losses(d_real_logits, d_fake_logits):
    with np.errstate(over="ignore"):
        p_real = np.clip(1.0 / (1.0 + np.exp(-d_real_logits)), EPS, 1 - EPS)
        p_fake = np.clip(1.0 / (1.0 + np.exp(-d_fake_logits)), EPS, 1 - EPS)
    d_loss = -np.mean(np.log(p_real)) - np.mean(np.log(1.0 - p_fake))
    g_loss = -np.mean(np.log(p_fake))
    return float(d_loss), float(g_loss)
