"""Right numbers, but the difference is taken in place: pred -= target changes the caller's array."""

import numpy as np


def mse_loss(pred, target):
    pred -= target
    return float(np.mean(pred ** 2)), 2.0 * pred / pred.size
