"""Known-wrong: the backward forgets that x also reaches the output along the skip path."""

import numpy as np


def residual_block_forward(x, W1, b1, W2, b2):
    h = np.maximum(x @ W1 + b1, 0.0)
    return np.maximum(x + h @ W2 + b2, 0.0)


def residual_block_backward(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0.0)
    z2 = x + h @ W2 + b2
    g = dout * (z2 > 0)
    dz1 = (g @ W2.T) * (z1 > 0)
    dx = dz1 @ W1.T  # BUG: + g, the gradient the identity path hands to x
    return dx, x.T @ dz1, dz1.sum(axis=0), h.T @ g, g.sum(axis=0)
