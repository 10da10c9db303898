"""Batch normalisation in training mode, PyTorch, from scratch.

The forward is written out of place with the batch statistics over dim 0 (the biased
variance, eps inside the root); autograd differentiates through the mean and the variance,
which gives the backward. Everything stays on the input's device and dtype.
"""

import torch

FRAMEWORK = "torch"


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(dim=0, keepdim=True)                     # (1, D)
    var = ((x - mu) ** 2).mean(dim=0, keepdim=True)      # (1, D), biased
    x_hat = (x - mu) / torch.sqrt(var + eps)
    return gamma * x_hat + beta
