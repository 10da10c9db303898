"""Classic mistakes in binary cross-entropy on logits, written as code.

Each function has the signature of `bce_with_logits(logits, targets) -> (loss, dlogits)`
and computes what the bug computes. Right: loss = mean of max(z, 0) − z·y + log(1 + e^{−|z|})
and dlogits = (σ(z) − y)/n, with n the number of elements.
"""

from reference_impl.losses import bce_with_logits
from reference_impl.activations import sigmoid

__all__ = ["bce_with_logits_grad_not_divided", "bce_with_logits_grad_over_batch",
           "bce_with_logits_sum"]


def bce_with_logits_grad_not_divided(logits, targets):
    """The right mean loss, but dlogits = σ(z) − y: the 1/n of the mean left out."""
    loss, _ = bce_with_logits(logits, targets)
    return loss, sigmoid(logits) - targets


def bce_with_logits_grad_over_batch(logits, targets):
    """The right mean loss, but dlogits = (σ(z) − y)/N, divided by the first dimension only."""
    loss, _ = bce_with_logits(logits, targets)
    return loss, (sigmoid(logits) - targets) / logits.shape[0]


def bce_with_logits_sum(logits, targets):
    """Summed instead of averaged: the loss and dlogits n times too large."""
    loss, _ = bce_with_logits(logits, targets)
    return loss * logits.numel(), sigmoid(logits) - targets
