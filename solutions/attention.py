"""Scaled dot-product attention in NumPy, with an optional boolean mask (True = may attend).

Scores S = Q Kᵀ / √d over the last two axes (the batch axes broadcast through `@`); masked
scores become -inf so that their weight is exactly 0 and the softmax renormalises over the
allowed keys; subtracting each row's maximum keeps exp from overflowing (every row has an
allowed key, so the maximum is finite). out = W V.
"""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)  # (..., Lq, Lk)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)  # broadcasts the mask over batch axes
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = e / e.sum(axis=-1, keepdims=True)  # each row a distribution over the keys
    return weights @ v, weights  # (..., Lq, dv), (..., Lq, Lk)
