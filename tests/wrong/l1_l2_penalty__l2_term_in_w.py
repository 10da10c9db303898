"""regularization_penalty builds the l2 term of the gradient in the weight's own buffer (w *= l2), scaling the caller's weights in place."""

import numpy as np


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = 0.0
    grads = []
    for w in weights:
        w = np.asarray(w, dtype=np.float64)
        penalty += l1 * np.abs(w).sum() + 0.5 * l2 * np.sum(w * w)
        sign = np.sign(w)
        w *= l2  # the l2 part of the gradient, l2 * w
        grads.append(l1 * sign + w)
    return float(penalty), grads
