"""Sorts the magnitudes in descending order and zeroes the first k: the largest weights go."""

import numpy as np


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.size)
    order = np.argsort(-np.abs(w), axis=None)   # largest first
    mask = np.ones(w.size, dtype=bool)
    mask[order[:k]] = False
    mask = mask.reshape(w.shape)
    return np.where(mask, w, 0.0), mask
