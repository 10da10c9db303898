"""Backward pass of scaled dot-product attention in NumPy, derived by hand.

Forward (given): S = Q Kᵀ / √d, masked scores -inf, W = softmax over the keys, out = W V.
Backward, for the upstream dO = dL/d out:
    dV = Wᵀ dO,   dW = dO Vᵀ,
    dS = W ⊙ (dW − r),  r = Σ_j dW ⊙ W (one number per row: the softmax Jacobian-vector product),
    dQ = dS K / √d,     dK = dSᵀ Q / √d.
Masked weights are exactly 0, so dS is 0 there and masked keys receive no gradient.
"""

import numpy as np


def _weights(q, k, mask):
    """Attention weights W (..., Lq, Lk), recomputed with the mask."""
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention_backward(dout, q, k, v, mask=None):
    scale = 1.0 / np.sqrt(q.shape[-1])
    w = _weights(q, k, mask)  # (..., Lq, Lk)
    dv = np.swapaxes(w, -1, -2) @ dout  # (..., Lk, dv)
    dw = dout @ np.swapaxes(v, -1, -2)  # (..., Lq, Lk)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))  # softmax backward, row by row
    dq = ds @ k * scale  # (..., Lq, d)
    dk = np.swapaxes(ds, -1, -2) @ q * scale  # (..., Lk, d)
    return dq, dk, dv
