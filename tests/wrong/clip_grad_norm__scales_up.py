"""Always multiplies by max_norm / (total + 1e-6): gradients below max_norm are scaled up."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = max_norm / (total + 1e-6)
    return [g * coef for g in grads], total
