"""Scores computed as K·Qᵀ (keys by queries): the output is right, but the returned weights
have shape (..., Lk, Lq), the transpose of the contract's layout."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = k @ np.swapaxes(q, -1, -2) / np.sqrt(q.shape[-1])  # (..., Lk, Lq)
    if mask is not None:
        scores = np.where(np.swapaxes(mask, -1, -2), scores, -np.inf)
    e = np.exp(scores - scores.max(axis=-2, keepdims=True))
    weights = e / e.sum(axis=-2, keepdims=True)  # normalised over the keys, axis -2 here
    return np.swapaxes(weights, -1, -2) @ v, weights
