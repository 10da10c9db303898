"""Global magnitude pruning, NumPy, as torch.nn.utils.prune.l1_unstructured.

k = round(sparsity · n) with Python's round (halves to even, as PyTorch converts a
fractional amount); the k entries of smallest |w| over the whole tensor (not per row) are
zeroed. `np.argsort(..., axis=None)` ranks the flattened magnitudes; the boolean mask is
True where an entry is kept. New arrays are returned, w is untouched.
"""

import numpy as np


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.size)
    order = np.argsort(np.abs(w), axis=None)              # flat indices, smallest |w| first
    mask = np.ones(w.size, dtype=bool)
    mask[order[:k]] = False
    mask = mask.reshape(w.shape)
    return np.where(mask, w, 0.0), mask
