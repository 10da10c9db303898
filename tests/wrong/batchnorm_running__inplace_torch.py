"""PyTorch: the buffers are updated in place with mul_ and add_, as nn.BatchNorm1d does internally."""

import torch

FRAMEWORK = "torch"


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    running_mean.mul_(1 - momentum).add_(momentum * x.mean(dim=0))
    running_var.mul_(1 - momentum).add_(momentum * x.var(dim=0))
    return running_mean, running_var
