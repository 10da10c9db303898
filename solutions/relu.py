"""ReLU in NumPy: an elementwise maximum forward, a masked pass-through backward.

`np.maximum` (elementwise), not `np.max` (a reduction). The backward lets `dout` through
where x > 0 strictly: at the kink x = 0 the contract's gradient is 0, as in PyTorch.
Both return new arrays; neither `x` nor `dout` is written to.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)
