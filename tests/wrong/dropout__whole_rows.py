"""One keep/drop draw per row is broadcast over the features, so whole rows are dropped together."""

import numpy as np


def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), np.ones(x.shape, dtype=bool)
    if rng is None:
        rng = np.random.default_rng()
    mask = np.broadcast_to(rng.random((x.shape[0], 1)) >= p, x.shape)
    return x * mask / (1.0 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1.0 - p)
