"""Gradient clipping by global L2 norm, matching torch.nn.utils.clip_grad_norm_.

The norm is taken over every element of every array at once (its square is the sum of
the arrays' squared norms), and one coefficient max_norm / (total + 1e-6), clamped at 1,
scales all arrays, so the direction of the whole gradient is kept and small gradients are
never scaled up. The outputs are new arrays (g * coef); the caller's arrays are untouched,
and the norm returned is the one before clipping.
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * coef for g in grads], total_norm
