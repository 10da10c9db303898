"""Fully connected residual block out = relu(x + relu(x·W1 + b1)·W2 + b2) in PyTorch.

The skip connection is added before the final ReLU. Autograd computes the backward: the
addition hands the gradient to the branch and, unchanged, to x along the skip path.
"""

import torch

FRAMEWORK = "torch"


def residual_block_forward(x, W1, b1, W2, b2):
    branch = torch.relu(x @ W1 + b1) @ W2 + b2  # (N, D), F(x)
    return torch.relu(x + branch)  # (N, D)
