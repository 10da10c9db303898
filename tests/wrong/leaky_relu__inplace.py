"""Right numbers, but the forward scales the negative entries of the caller's x in place."""

import numpy as np


def leaky_relu(x, alpha=0.01):
    x[x < 0] *= alpha
    return x


def leaky_relu_backward(dout, x, alpha=0.01):
    return np.where(x > 0, dout, alpha * dout)
