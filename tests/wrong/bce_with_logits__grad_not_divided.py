"""dlogits = sigmoid(z) - y, without the 1/n of the mean loss."""

import numpy as np


def bce_with_logits(logits, targets):
    e = np.exp(-np.abs(logits))
    loss = np.mean(np.maximum(logits, 0.0) - logits * targets + np.log1p(e))
    sig = np.where(logits >= 0, 1.0, e) / (1.0 + e)
    return float(loss), sig - targets
