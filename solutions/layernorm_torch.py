"""Layer normalisation over the last axis, PyTorch, from scratch.

Mean and biased variance over dim -1 with keepdim (so 1-D to 3-D inputs broadcast alike),
eps inside the root, out of place; autograd gives the gradients of x, gamma and beta.
Note `x.var()` would default to the unbiased variance, so the variance is written out.
"""

import torch

FRAMEWORK = "torch"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(dim=-1, keepdim=True)                     # (..., 1)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)      # (..., 1), biased
    return gamma * (x - mu) / torch.sqrt(var + eps) + beta
