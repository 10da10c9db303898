"""The running statistics of nn.BatchNorm1d in training mode, PyTorch, from scratch.

`torch.var(..., unbiased=True)` over the batch is the estimator nn.BatchNorm1d averages;
`momentum` weighs the new statistic. Out of place, so the caller's tensors are untouched,
and the results stay on the input's device.
"""

import torch

FRAMEWORK = "torch"


def batchnorm_running_update(running_mean, running_var, x, momentum=0.1):
    mu = x.mean(dim=0)                                    # (D,)
    var = torch.var(x, dim=0, unbiased=True)              # (D,)
    return (1 - momentum) * running_mean + momentum * mu, (1 - momentum) * running_var + momentum * var
