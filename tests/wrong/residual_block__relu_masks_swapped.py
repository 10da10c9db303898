"""Known-wrong: the backward gates the final ReLU with the inner ReLU's mask and vice versa
(both are (N, D), so nothing complains)."""

import numpy as np


def residual_block_forward(x, W1, b1, W2, b2):
    h = np.maximum(x @ W1 + b1, 0.0)
    return np.maximum(x + h @ W2 + b2, 0.0)


def residual_block_backward(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0.0)
    z2 = x + h @ W2 + b2
    g = dout * (z1 > 0)  # BUG: the mask of z2
    dz1 = (g @ W2.T) * (z2 > 0)  # BUG: the mask of z1
    return dz1 @ W1.T + g, x.T @ dz1, dz1.sum(axis=0), h.T @ g, g.sum(axis=0)
