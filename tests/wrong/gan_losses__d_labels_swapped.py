"""The discriminator's targets are swapped: real samples get 0 and fakes 1."""

import numpy as np


def _bce(logits, target):
    return np.mean(np.maximum(logits, 0.0) - logits * target + np.log1p(np.exp(-np.abs(logits))))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = _bce(d_real_logits, 0.0) + _bce(d_fake_logits, 1.0)
    g_loss = _bce(d_fake_logits, 1.0)
    return float(d_loss), float(g_loss)
