"""ReLU in PyTorch through clamp(min=0): right values, but autograd passes the gradient at 0."""

import torch

FRAMEWORK = "torch"


def relu(x):
    return x.clamp(min=0)
