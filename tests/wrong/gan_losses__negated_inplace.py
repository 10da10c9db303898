"""BCE(fake, 0) computed as BCE(-fake, 1) by negating the caller's fake logits in place."""

import numpy as np


def _neg_log_sigmoid(t):
    return np.maximum(-t, 0.0) + np.log1p(np.exp(-np.abs(t)))


def gan_losses(d_real_logits, d_fake_logits):
    g_loss = np.mean(_neg_log_sigmoid(d_fake_logits))  # BCE(fake, 1)
    real_term = np.mean(_neg_log_sigmoid(d_real_logits))  # BCE(real, 1)
    d_fake_logits *= -1  # -log(1 - sigmoid(f)) = -log sigmoid(-f)
    fake_term = np.mean(_neg_log_sigmoid(d_fake_logits))
    return float(real_term + fake_term), float(g_loss)
