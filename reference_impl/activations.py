"""Elementwise and normalising activations: ReLU, leaky ReLU, the logistic sigmoid and softmax.

Math: relu(x) = max(x, 0); leaky_relu(x) = x for x > 0, αx otherwise;
σ(x) = 1 / (1 + e^{−x}); softmax(x)_i = e^{x_i} / Σ_j e^{x_j}.
The last two are written in their numerically stable forms (Goodfellow et al., *Deep
Learning*, §4.1 and §6.2.2).
"""

import torch


def relu(x):
    """Rectified linear unit relu(x) = max(x, 0), elementwise.

    Written as a selection so that autograd gives the contract's derivative, 1 for x > 0
    and 0 for x ≤ 0 (at the kink x = 0 the subgradient 0, as ``torch.relu``); a
    ``clamp(min=0)`` would pass the gradient at exactly 0.

    Args:
        x: Tensor of any shape.

    Returns:
        relu(x), same shape, dtype and device as ``x``.
    """
    return torch.where(x > 0, x, torch.zeros_like(x))


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU, elementwise: x for x > 0, α·x for x ≤ 0; same as ``F.leaky_relu(x, α)``.

    Derivative: 1 for x > 0 and α for x ≤ 0. Written as a selection so that autograd
    gives exactly that, with slope α at the kink x = 0 as PyTorch's ``leaky_relu``.

    Args:
        x: Tensor of any shape.
        alpha: Slope on the negative side, 0 < α < 1.

    Returns:
        leaky_relu(x), same shape, dtype and device as ``x``.
    """
    return torch.where(x > 0, x, alpha * x)


def sigmoid(x):
    """Logistic sigmoid σ(x) = 1 / (1 + e^{−x}), stable for any finite x.

    With z = e^{−|x|} ∈ (0, 1], σ(x) = 1 / (1 + z) for x ≥ 0 and z / (1 + z) for x < 0;
    neither branch can overflow, so |x| up to 1e4 gives no inf or NaN. |x| is written
    per branch (−x or x) rather than with ``abs``, whose autograd slope at 0 is 0, so that
    the gradient is right at x = 0 too. Derivative: σ'(x) = σ(x)·(1 − σ(x)).

    Args:
        x: Tensor of any shape.

    Returns:
        σ(x), same shape, dtype and device as ``x``.
    """
    nonneg = x >= 0
    z = torch.exp(torch.where(nonneg, -x, x))  # e^{−|x|}
    return torch.where(nonneg, 1 / (1 + z), z / (1 + z))


def softmax(x, axis=-1):
    """Softmax along ``axis``: e^{x_i − m} / Σ_j e^{x_j − m} with m = max_j x_j.

    Subtracting the maximum changes nothing mathematically (softmax is shift-invariant)
    and keeps every exponent ≤ 0, so logits up to 1e4 in magnitude do not overflow.
    The shift is detached for the same reason: its gradient contribution is exactly 0.
    Derivative: ∂s_i/∂x_j = s_i·(δ_ij − s_j).

    Args:
        x: Tensor of any shape.
        axis: Dimension to normalise over.

    Returns:
        Probabilities, same shape as ``x``, summing to 1 along ``axis``.
    """
    m = x.amax(dim=axis, keepdim=True).detach()
    e = torch.exp(x - m)
    return e / e.sum(dim=axis, keepdim=True)
