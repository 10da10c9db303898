"""Known-wrong: `out = x; out += F` adds the branch into x itself (out is x, not a copy)."""

import numpy as np


def residual_block_forward(x, W1, b1, W2, b2):
    h = np.maximum(x @ W1 + b1, 0.0)
    out = x  # BUG: an alias, not a copy
    out += h @ W2 + b2
    return np.maximum(out, 0.0)


def residual_block_backward(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0.0)
    z2 = x + h @ W2 + b2
    g = dout * (z2 > 0)
    dz1 = (g @ W2.T) * (z1 > 0)
    return dz1 @ W1.T + g, x.T @ dz1, dz1.sum(axis=0), h.T @ g, g.sum(axis=0)
