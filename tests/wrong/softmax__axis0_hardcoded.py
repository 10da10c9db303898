"""softmax and its backward always normalise over axis 0, ignoring the axis argument."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_backward(dout, x, axis=-1):
    s = softmax(x, axis=0)
    return s * (dout - np.sum(dout * s, axis=0, keepdims=True))
