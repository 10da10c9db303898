"""The train flag is ignored: dropout is also applied when train=False."""

import numpy as np


def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=np.float64)
    if p == 0:
        return x.copy(), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    mask = rng.random(x.shape) >= p
    return x * mask / (1.0 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1.0 - p)
