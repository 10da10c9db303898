"""Known-wrong (PyTorch): the skip connection is added after the final ReLU."""

import torch

FRAMEWORK = "torch"


def residual_block_forward(x, W1, b1, W2, b2):
    branch = torch.relu(x @ W1 + b1) @ W2 + b2
    return torch.relu(branch) + x  # BUG: relu(x + branch) intended
