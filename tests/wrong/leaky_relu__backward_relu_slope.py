"""The backward is ReLU's: the gradient is blocked at negative inputs instead of scaled by alpha."""

import numpy as np


def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def leaky_relu_backward(dout, x, alpha=0.01):
    return dout * (x > 0)
