"""Returns the norm after clipping instead of the norm before it."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = min(1.0, max_norm / (total + 1e-6))
    clipped = [g * coef for g in grads]
    return clipped, np.sqrt(sum(np.sum(c * c) for c in clipped))
