"""Returns the mask of the pruned entries (True where zeroed) instead of the kept ones; the pruned
weights are right."""

import numpy as np


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.size)
    order = np.argsort(np.abs(w), axis=None)
    pruned_mask = np.zeros(w.size, dtype=bool)
    pruned_mask[order[:k]] = True
    pruned_mask = pruned_mask.reshape(w.shape)
    return np.where(pruned_mask, 0.0, w), pruned_mask
