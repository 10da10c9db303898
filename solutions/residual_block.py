"""Fully connected residual block out = relu(x + relu(x·W1 + b1)·W2 + b2), by hand.

Backward, from the output inwards: g = dout ⊙ [z2 > 0] is the gradient at z2 = x + F;
the sum passes g to the branch F = h·W2 + b2 and, unchanged, to x along the skip path;
the branch is a linear layer, a ReLU (mask [z1 > 0]) and another linear layer. x is used
twice, so dx adds the branch's dz1·W1ᵀ and the skip's g.
"""

import numpy as np


def _forward(x, W1, b1, W2, b2):
    z1 = x @ W1 + b1  # (N, D)
    h = np.maximum(z1, 0.0)  # (N, D)
    z2 = x + (h @ W2 + b2)  # (N, D): skip + branch, before the final ReLU
    return z1, h, z2


def residual_block_forward(x, W1, b1, W2, b2):
    _, _, z2 = _forward(x, W1, b1, W2, b2)
    return np.maximum(z2, 0.0)


def residual_block_backward(dout, x, W1, b1, W2, b2):
    z1, h, z2 = _forward(x, W1, b1, W2, b2)
    g = dout * (z2 > 0)  # (N, D), gradient at z2
    dW2, db2 = h.T @ g, g.sum(axis=0)
    dz1 = (g @ W2.T) * (z1 > 0)  # (N, D), gradient at z1
    dW1, db1 = x.T @ dz1, dz1.sum(axis=0)
    dx = dz1 @ W1.T + g  # branch + skip
    return dx, dW1, db1, dW2, db2
