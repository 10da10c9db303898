"""Right numbers, but dlogits reuses the logits array: the caller's logits are overwritten."""

import numpy as np


def bce_with_logits(logits, targets):
    e = np.exp(-np.abs(logits))
    loss = np.mean(np.maximum(logits, 0.0) - logits * targets + np.log1p(e))
    sig = np.where(logits >= 0, 1.0, e) / (1.0 + e)
    dlogits = logits
    dlogits[...] = (sig - targets) / logits.size
    return float(loss), dlogits
