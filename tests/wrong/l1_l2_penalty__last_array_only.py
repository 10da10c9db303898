"""The loop assigns the penalty instead of accumulating it, so only the last array counts."""

import numpy as np


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w, dtype=np.float64)
        penalty = l1 * np.abs(w).sum() + 0.5 * l2 * np.sum(w * w)
        grads.append(l1 * np.sign(w) + l2 * w)
    return float(penalty), grads
