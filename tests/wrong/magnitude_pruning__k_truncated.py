"""k = int(sparsity * w.size): int() truncates (3.5 -> 3, 11.7 -> 11) where Python's round gives 4, 12."""

import numpy as np


def magnitude_prune(w, sparsity):
    k = int(sparsity * w.size)
    order = np.argsort(np.abs(w), axis=None)
    mask = np.ones(w.size, dtype=bool)
    mask[order[:k]] = False
    mask = mask.reshape(w.shape)
    return np.where(mask, w, 0.0), mask
