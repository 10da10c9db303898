"""PyTorch: the running variance averages x.var(dim=0, unbiased=False), the biased variance."""

import torch

FRAMEWORK = "torch"


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    mean = (1 - momentum) * running_mean + momentum * x.mean(dim=0)
    var = (1 - momentum) * running_var + momentum * x.var(dim=0, unbiased=False)
    return mean, var
