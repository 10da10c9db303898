"""The squared errors are summed instead of averaged (the gradient consistently so)."""

import numpy as np


def mse_loss(pred, target):
    diff = pred - target
    return float(np.sum(diff ** 2)), 2.0 * diff
