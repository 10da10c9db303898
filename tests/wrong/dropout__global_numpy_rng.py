"""The mask is drawn from NumPy's global np.random state, ignoring the rng argument."""

import numpy as np


def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = np.random.rand(*x.shape) >= p
    return x * mask / (1.0 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1.0 - p)
