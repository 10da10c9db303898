"""Uses F.linear(x, W, b), which computes x @ W.T + b and so assumes an (M, D) weight."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def linear_forward(x, W, b):
    return F.linear(x, W, b)
