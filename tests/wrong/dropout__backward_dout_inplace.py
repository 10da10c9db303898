"""dropout_backward masks and scales the upstream gradient in place (dout *= mask; dout /= 1 - p) and returns it, overwriting the caller's dout."""

import numpy as np


def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    mask = rng.random(x.shape) >= p
    return x * mask / (1.0 - p), mask


def dropout_backward(dout, mask, p):
    dout *= mask
    dout /= 1.0 - p
    return dout
