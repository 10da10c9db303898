"""Known-wrong (PyTorch): returns x + F(x) without the final ReLU (the pre-activation block's
output, not this block's)."""

import torch

FRAMEWORK = "torch"


def residual_block_forward(x, W1, b1, W2, b2):
    branch = torch.relu(x @ W1 + b1) @ W2 + b2
    return x + branch  # BUG: relu(x + branch)
