"""PyTorch: the batch statistics are computed under no_grad, so autograd treats them as constants."""

import torch

FRAMEWORK = "torch"


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    with torch.no_grad():
        mu = x.mean(dim=0, keepdim=True)
        var = ((x - mu) ** 2).mean(dim=0, keepdim=True)
    return gamma * (x - mu) / torch.sqrt(var + eps) + beta
