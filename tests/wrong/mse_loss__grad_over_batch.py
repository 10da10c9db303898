"""dpred is divided by the batch size (first dimension), not by the element count of the mean."""

import numpy as np


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff ** 2)), 2.0 * diff / diff.shape[0]
