"""Elastic-net weight penalty in PyTorch, returning the gradients as values.

The penalty l1 * sum|w| + 0.5 * l2 * sum w^2 is a differentiable 0-d tensor; the
per-tensor gradients l1 * sign(w) + l2 * w (torch.sign(0) = 0) are computed from
detached weights so they are plain data on the weights' device and dtype.
"""

import torch

FRAMEWORK = "torch"


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = weights[0].new_zeros(())
    for w in weights:
        penalty = penalty + l1 * w.abs().sum() + 0.5 * l2 * (w * w).sum()
    grads = [l1 * torch.sign(w.detach()) + l2 * w.detach() for w in weights]
    return penalty, grads
