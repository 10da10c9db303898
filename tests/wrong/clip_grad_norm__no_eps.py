"""The coefficient is max_norm / total_norm, without the + 1e-6."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = min(1.0, max_norm / total)
    return [g * coef for g in grads], total
