"""sigmoid computed as exp(x)/(1 + exp(x)), which gives inf/inf = NaN for large positive x."""

import torch

FRAMEWORK = "torch"


def sigmoid(x):
    return torch.exp(x) / (1 + torch.exp(x))
