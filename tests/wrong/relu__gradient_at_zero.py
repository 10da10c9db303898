"""ReLU whose backward passes the gradient at exactly x = 0 (x >= 0 instead of x > 0)."""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x >= 0, dout, 0.0)
