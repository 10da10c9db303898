"""Ranks each row (the last axis) on its own and prunes round(sparsity * columns) per row, instead
of the k smallest over the whole tensor."""

import numpy as np


def magnitude_prune(w, sparsity):
    rows = w.reshape(-1, w.shape[-1])
    k = round(sparsity * rows.shape[1])
    order = np.argsort(np.abs(rows), axis=1)[:, :k]
    mask = np.ones(rows.shape, dtype=bool)
    np.put_along_axis(mask, order, False, axis=1)
    mask = mask.reshape(w.shape)
    return np.where(mask, w, 0.0), mask
