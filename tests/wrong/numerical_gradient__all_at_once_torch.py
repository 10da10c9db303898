import torch

FRAMEWORK = "torch"


def numerical_gradient(f, x, h=1e-5):
    d = (f(x + h) - f(x - h)) / (2 * h)    # bug: every element moved at once
    return torch.full_like(x, d)
