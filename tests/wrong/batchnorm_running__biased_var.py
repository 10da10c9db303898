"""The running variance is updated with the biased batch variance np.var(x, axis=0)."""

import numpy as np


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)
    var = (1 - momentum) * running_var + momentum * x.var(axis=0)
    return mean, var
