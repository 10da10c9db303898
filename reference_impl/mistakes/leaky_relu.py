"""Classic mistakes in leaky ReLU, written as code.

Each function has the signature of the task function it explains (`leaky_relu`,
`leaky_relu_backward`) and computes what the bug computes. Right: leaky_relu(x) = x for
x > 0 and α·x otherwise; dx = dout for x > 0 and α·dout otherwise.
"""

import torch

__all__ = [
    "leaky_relu_default_alpha",
    "leaky_relu_backward_relu_slope",
    "leaky_relu_backward_alpha_without_dout",
]


def leaky_relu_default_alpha(x, alpha=0.01):
    """The slope 0.01 hard-coded (e.g. `F.leaky_relu(x)`), whatever `alpha` is asked."""
    return torch.where(x > 0, x, 0.01 * x)


def leaky_relu_backward_relu_slope(dout, x, alpha=0.01):
    """ReLU's derivative: the gradient blocked at negative inputs instead of scaled by α."""
    return torch.where(x > 0, dout, torch.zeros_like(dout))


def leaky_relu_backward_alpha_without_dout(dout, x, alpha=0.01):
    """α itself at negative inputs, the local slope without the upstream gradient: α, not α·dout."""
    return torch.where(x > 0, dout, torch.full_like(dout, alpha))
