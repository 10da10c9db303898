"""Backpropagation by hand: an affine layer, a two-layer ReLU classifier, and the
central-difference gradient that checks such derivations.

Math: out = x·W + b; for the network X·W1 + b1 → ReLU → ·W2 + b2 → softmax cross-entropy,
the chain rule gives the gradients below (CS231n, "Backpropagation, Intuitions"). Every
gradient is an explicit formula, not autograd.
"""

import torch

from reference_impl.losses import softmax_cross_entropy


def linear_forward(x, W, b):
    """Affine layer out = x·W + b.

    Backward: dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ_n dout.

    Args:
        x: (N, D) inputs.
        W: (D, M) weights.
        b: (M,) bias.

    Returns:
        (N, M) outputs.
    """
    return x @ W + b  # (N, M)


def mlp_loss_and_grads(X, y, params, reg=0.0):
    """Loss and gradients of a two-layer ReLU network with softmax cross-entropy.

    loss = CE(relu(X·W1 + b1)·W2 + b2, y) (mean over N) + ½·reg·(‖W1‖² + ‖W2‖²).

    Args:
        X: (N, D) inputs.
        y: (N,) int64 class ids.
        params: Dict with ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, C), ``b2`` (C,).
        reg: L2 regularisation strength.

    Returns:
        ``(loss, grads)``: ``loss`` a 0-d tensor (differentiable with respect to the
        parameters), ``grads`` a dict with the same keys and shapes as ``params``, plain
        data outside the autograd graph.
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]

    # Forward.
    a1 = X @ W1 + b1  # (N, H)
    h1 = torch.where(a1 > 0, a1, torch.zeros_like(a1))  # (N, H)
    scores = h1 @ W2 + b2  # (N, C)
    data_loss, dscores = softmax_cross_entropy(scores, y)  # dscores (N, C)
    loss = data_loss + 0.5 * reg * ((W1 * W1).sum() + (W2 * W2).sum())

    # Backward, by hand.
    with torch.no_grad():
        dW2 = h1.T @ dscores + reg * W2  # (H, C)
        db2 = dscores.sum(dim=0)  # (C,)
        dh1 = dscores @ W2.T  # (N, H)
        da1 = dh1 * (a1 > 0)  # (N, H)
        dW1 = X.T @ da1 + reg * W1  # (D, H)
        db1 = da1.sum(dim=0)  # (H,)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def numerical_gradient(f, x, h=1e-5):
    """Central differences of a scalar function, one element at a time.

    Math: ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h, whose error is O(h²) (the odd
    terms of the Taylor series cancel) plus rounding of order ε·|f|/h.

    Args:
        f: Scalar function of an array shaped like ``x``, returning a float.
        x: Float64 tensor; left untouched (each probe is a new tensor).
        h: Step.

    Returns:
        Tensor shaped like ``x``: the estimated gradient.
    """
    flat = x.detach().reshape(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        step = torch.zeros_like(flat)
        step[i] = h                                                     # h·e_i
        grad[i] = (f((flat + step).reshape(x.shape)) - f((flat - step).reshape(x.shape))) / (2 * h)
    return grad.reshape(x.shape)
