"""Multiplies by W.detach(), so autograd gives no gradient for W."""

FRAMEWORK = "torch"


def linear_forward(x, W, b):
    return x @ W.detach() + b
