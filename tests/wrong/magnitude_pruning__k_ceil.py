"""k = math.ceil(sparsity * w.size), "never prune too little": 2.5 -> 3 and 8.4 -> 9 where Python's
round gives 2 and 8."""

import math

import numpy as np


def magnitude_prune(w, sparsity):
    k = math.ceil(sparsity * w.size)
    order = np.argsort(np.abs(w), axis=None)
    mask = np.ones(w.size, dtype=bool)
    mask[order[:k]] = False
    mask = mask.reshape(w.shape)
    return np.where(mask, w, 0.0), mask
