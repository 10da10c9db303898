"""Numerical gradient by central differences, in PyTorch, without touching x.

Each probe is a fresh tensor x ± h·e_i (built on x's device), so x itself is never
modified: df/dx_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h.
"""

import torch

FRAMEWORK = "torch"


def numerical_gradient(f, x, h=1e-5):
    grad = torch.zeros_like(x)
    step = torch.zeros_like(x)
    flat_step, flat_grad = step.view(-1), grad.view(-1)
    for i in range(x.numel()):
        flat_step[i] = h
        flat_grad[i] = (f(x + step) - f(x - step)) / (2 * h)
        flat_step[i] = 0.0
    return grad
