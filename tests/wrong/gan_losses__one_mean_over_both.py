"""d_loss is one BCE mean over the real and fake logits concatenated, with targets 1 and 0."""

import numpy as np


def _bce(logits, targets):
    return np.mean(np.maximum(logits, 0.0) - logits * targets + np.log1p(np.exp(-np.abs(logits))))


def gan_losses(d_real_logits, d_fake_logits):
    logits = np.concatenate([d_real_logits.ravel(), d_fake_logits.ravel()])
    targets = np.concatenate([np.ones(d_real_logits.size), np.zeros(d_fake_logits.size)])
    d_loss = _bce(logits, targets)
    g_loss = _bce(d_fake_logits, np.ones_like(d_fake_logits))
    return float(d_loss), float(g_loss)
