"""The running statistics of nn.BatchNorm1d in training mode, NumPy.

Two exponential moving averages per feature, with PyTorch's convention that `momentum`
weighs the new batch statistic; the running variance averages the unbiased batch variance
(ddof=1), N/(N - 1) times the biased one used for normalising. New arrays are returned.
"""

import numpy as np


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    mu = x.mean(axis=0)                                   # (D,)
    var = x.var(axis=0, ddof=1)                           # (D,), unbiased
    mean_new = (1 - momentum) * running_mean + momentum * mu
    var_new = (1 - momentum) * running_var + momentum * var
    return mean_new, var_new
