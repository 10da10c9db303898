"""Sigmoid in PyTorch.

torch.sigmoid is already numerically stable (no overflow or NaN at |x| = 1e4), keeps the
input's device and dtype, and is differentiable, so autograd provides the backward pass.
"""

import torch

FRAMEWORK = "torch"


def sigmoid(x):
    return torch.sigmoid(x)
