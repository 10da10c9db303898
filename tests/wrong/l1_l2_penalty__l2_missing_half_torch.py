"""The L2 penalty is l2*sum(w^2) without the 1/2."""

import torch

FRAMEWORK = "torch"


def regularization_penalty(weights, l1=0.0, l2=0.0):
    penalty = weights[0].new_zeros(())
    for w in weights:
        penalty = penalty + l1 * w.abs().sum() + l2 * (w * w).sum()
    grads = [l1 * torch.sign(w.detach()) + l2 * w.detach() for w in weights]
    return penalty, grads
