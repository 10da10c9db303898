"""sigmoid uses the textbook 1/(1 + exp(-x)), which overflows in exp for large negative x."""

import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_backward(dout, x):
    s = sigmoid(x)
    return dout * s * (1.0 - s)
