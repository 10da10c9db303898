"""The returned mask is the float array mask/(1 - p) rather than the boolean keep-mask."""

import numpy as np


def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask


def dropout_backward(dout, mask, p):
    return dout * mask
