"""Classic mistakes in the mean squared error, written as code.

Each function has the signature of `mse_loss(pred, target) -> (loss, dpred)` and computes
what the bug computes. Right: loss = Σ(p − t)²/n and dpred = 2(p − t)/n, with n the number
of elements.
"""

__all__ = ["mse_loss_sum", "mse_loss_grad_without_2", "mse_loss_grad_over_batch"]


def mse_loss_sum(pred, target):
    """Summed instead of averaged: loss Σ(p − t)², dpred 2(p − t) (n times too large)."""
    diff = pred - target
    return (diff * diff).sum(), 2.0 * diff


def mse_loss_grad_without_2(pred, target):
    """The right loss, but dpred = (p − t)/n: the 2 of the derivative of a square left out."""
    diff = pred - target
    return (diff * diff).mean(), diff / diff.numel()


def mse_loss_grad_over_batch(pred, target):
    """The right loss, but dpred = 2(p − t)/N, divided by the first dimension, not by all n."""
    diff = pred - target
    return (diff * diff).mean(), 2.0 * diff / diff.shape[0]
