"""relu(x) + alpha * relu(-x): the negative part is added with the wrong sign (alpha*|x|, not alpha*x)."""

import torch

FRAMEWORK = "torch"


def leaky_relu(x, alpha=0.01):
    return torch.relu(x) + alpha * torch.relu(-x)
