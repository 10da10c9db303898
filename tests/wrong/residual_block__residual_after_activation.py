"""Known-wrong: the skip connection is added after the final ReLU, relu(F(x)) + x; the backward
is consistent with that forward."""

import numpy as np


def residual_block_forward(x, W1, b1, W2, b2):
    h = np.maximum(x @ W1 + b1, 0.0)
    return np.maximum(h @ W2 + b2, 0.0) + x  # BUG: relu(x + F(x)) intended


def residual_block_backward(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0.0)
    z2 = h @ W2 + b2
    g = dout * (z2 > 0)
    dz1 = (g @ W2.T) * (z1 > 0)
    return dz1 @ W1.T + dout, x.T @ dz1, dz1.sum(axis=0), h.T @ g, g.sum(axis=0)
