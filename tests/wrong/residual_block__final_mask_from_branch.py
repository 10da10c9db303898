"""Known-wrong: the final ReLU's mask is taken from the branch F(x) instead of x + F(x)."""

import numpy as np


def residual_block_forward(x, W1, b1, W2, b2):
    h = np.maximum(x @ W1 + b1, 0.0)
    return np.maximum(x + h @ W2 + b2, 0.0)


def residual_block_backward(dout, x, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0.0)
    branch = h @ W2 + b2
    g = dout * (branch > 0)  # BUG: the final ReLU sees x + branch
    dz1 = (g @ W2.T) * (z1 > 0)
    return dz1 @ W1.T + g, x.T @ dz1, dz1.sum(axis=0), h.T @ g, g.sum(axis=0)
