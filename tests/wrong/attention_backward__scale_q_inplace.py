"""Scales q in place (q *= 1/sqrt(d)) to fold the scale into the recomputed forward: the
gradients are right, but the caller's q is changed."""

import numpy as np


def attention_backward(dout, q, k, v, mask=None):
    scale = 1.0 / np.sqrt(q.shape[-1])
    q *= scale
    s = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    w = e / e.sum(axis=-1, keepdims=True)
    dv = np.swapaxes(w, -1, -2) @ dout
    dw = dout @ np.swapaxes(v, -1, -2)
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    return ds @ k * scale, np.swapaxes(ds, -1, -2) @ q, dv
