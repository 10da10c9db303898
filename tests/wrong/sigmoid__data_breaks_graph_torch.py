"""sigmoid is applied to x.data, which cuts the autograd graph so no gradient reaches x."""

import torch

FRAMEWORK = "torch"


def sigmoid(x):
    return torch.sigmoid(x.data)
