"""Numerically stable logistic sigmoid and its gradient.

The textbook 1 / (1 + e^-x) overflows in e^-x for very negative x, so both halves are
written with z = e^-|x|, which lies in (0, 1]: sigma = 1/(1+z) for x >= 0 and z/(1+z)
for x < 0. The backward pass reuses the forward value: dsigma/dx = sigma * (1 - sigma).
"""

import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, z) / (1.0 + z)


def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s * (1.0 - s)
