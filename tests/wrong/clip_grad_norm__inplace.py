"""Scales the caller's arrays in place (g *= coef) and returns them."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = min(1.0, max_norm / (total + 1e-6))
    for g in grads:
        g *= coef
    return grads, total
