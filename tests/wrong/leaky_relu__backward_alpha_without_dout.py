"""The backward puts the local slope alpha at negative inputs, without multiplying by dout."""

import numpy as np


def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def leaky_relu_backward(dout, x, alpha=0.01):
    return np.where(x > 0, dout, alpha)
