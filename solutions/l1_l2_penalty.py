"""Elastic-net weight penalty over a list of arrays, with its (sub)gradient.

penalty = l1 * sum|w| + 0.5 * l2 * sum w^2 accumulated over every array; the gradient of
each array is l1 * sign(w) + l2 * w (the 0.5 cancels the 2 from w^2, and np.sign(0) = 0
picks the zero subgradient of |w| at the kink).
"""

import numpy as np


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w, dtype=np.float64)
        penalty += l1 * np.abs(w).sum() + 0.5 * l2 * np.sum(w * w)
        grads.append(l1 * np.sign(w) + l2 * w)
    return float(penalty), grads
