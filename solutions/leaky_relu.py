"""Leaky ReLU in NumPy: a selection by the sign of x, forward and backward.

The forward keeps x where x > 0 and scales it by alpha elsewhere; the backward does the
same to the upstream gradient, because the local slope is 1 on the positive side and
alpha on the negative side (PyTorch takes alpha at exactly 0 as well). `np.where` builds
new arrays, so neither `x` nor `dout` is written to.
"""

import numpy as np


def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def leaky_relu_backward(dout, x, alpha=0.01):
    return np.where(x > 0, dout, alpha * dout)
