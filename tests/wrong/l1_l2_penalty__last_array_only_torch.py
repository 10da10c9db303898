"""The loop overwrites the penalty with each tensor's term instead of accumulating, so only the last tensor counts."""

import torch

FRAMEWORK = "torch"


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = weights[0].new_zeros(())
    for w in weights:
        penalty = l1 * w.abs().sum() + 0.5 * l2 * (w * w).sum()
    grads = [l1 * torch.sign(w.detach()) + l2 * w.detach() for w in weights]
    return penalty, grads
