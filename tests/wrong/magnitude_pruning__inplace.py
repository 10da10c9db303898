"""Zeroes the pruned entries of w in place (w[~mask] = 0) and returns w: the values are right, but
the caller's weights are changed."""

import numpy as np


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.size)
    order = np.argsort(np.abs(w), axis=None)
    mask = np.ones(w.size, dtype=bool)
    mask[order[:k]] = False
    mask = mask.reshape(w.shape)
    w[~mask] = 0.0
    return w, mask
