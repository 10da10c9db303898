"""Inverted dropout: drop each element with probability p, scale survivors by 1/(1-p).

The keep-mask is drawn from the supplied numpy Generator (U >= p keeps with probability
1 - p), so results are reproducible; scaling at train time keeps E[out] = x, so
evaluation (train=False) or p = 0 is the identity. Backward applies the same mask/scale.
"""

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
    return dout * mask / (1.0 - p)
