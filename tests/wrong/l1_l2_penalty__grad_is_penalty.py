"""Each gradient is the array's scalar penalty broadcast to its shape instead of l1*sign(w) + l2*w."""

import numpy as np


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w, dtype=np.float64)
        term = l1 * np.abs(w).sum() + 0.5 * l2 * np.sum(w * w)
        penalty += term
        grads.append(np.full(w.shape, term))
    return float(penalty), grads
