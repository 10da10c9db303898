"""Each array is clipped by its own norm instead of one global norm."""

import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    clipped = []
    for g in grads:
        norm = np.linalg.norm(g)
        clipped.append(g * max_norm / (norm + 1e-6) if norm > max_norm else g.copy())
    return clipped, total
