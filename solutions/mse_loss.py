"""Mean squared error in NumPy, with its gradient.

L = mean((pred - target)^2) over all n elements; each prediction appears in one term only,
so dL/dpred = 2 (pred - target) / n. The difference is computed once into a new array, so
neither input is written to.
"""

import numpy as np


def mse_loss(pred, target):
    diff = pred - target
    loss = np.mean(diff * diff)
    dpred = 2.0 * diff / diff.size
    return float(loss), dpred
