"""PyTorch: x.var(dim=-1) defaults to the unbiased variance (divide by D - 1)."""

import torch

FRAMEWORK = "torch"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, keepdim=True)
    return gamma * (x - mu) / torch.sqrt(var + eps) + beta
