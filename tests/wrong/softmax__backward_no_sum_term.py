"""softmax_backward returns s*dout, dropping the -s*sum(dout*s) term of the Jacobian."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_backward(dout, x, axis=-1):
    s = softmax(x, axis=axis)
    return s * dout
