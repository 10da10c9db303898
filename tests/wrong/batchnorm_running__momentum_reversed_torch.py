"""PyTorch: torch.lerp(batch, running, momentum), i.e. momentum weights the old value."""

import torch

FRAMEWORK = "torch"


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    mean = torch.lerp(x.mean(dim=0), running_mean, momentum)
    var = torch.lerp(x.var(dim=0), running_var, momentum)
    return mean, var
