"""momentum weights the old running value (Keras' convention) instead of the new batch statistic."""

import numpy as np


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    mean = momentum * running_mean + (1 - momentum) * x.mean(axis=0)
    var = momentum * running_var + (1 - momentum) * x.var(axis=0, ddof=1)
    return mean, var
