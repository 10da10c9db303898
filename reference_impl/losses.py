"""Losses that return their gradient as a value: softmax cross-entropy, the mean squared
error and binary cross-entropy on logits.

Math: for logits z (N, C) and labels y, L = (1/N)·Σ_n [log Σ_c e^{z_nc} − z_{n,y_n}],
with the log-sum-exp shifted by the row maximum for stability; its gradient is
∂L/∂z = (softmax(z) − onehot(y)) / N (Bishop, *Pattern Recognition and Machine
Learning*, §4.3.4). MSE: L = (1/n)·Σ (p − t)², ∂L/∂p = 2(p − t)/n over all n elements.
BCE on logits: ℓ = max(z, 0) − z·y + log(1 + e^{−|z|}) = −[y·log σ(z) + (1 − y)·log(1 − σ(z))],
∂L/∂z = (σ(z) − y)/n (Bishop, §4.3.2).
"""

import torch
import torch.nn.functional as F

from reference_impl.activations import sigmoid, softmax


def cross_entropy_loss(logits, labels):
    """Mean softmax cross-entropy; same as ``F.cross_entropy(logits, labels)``.

    Args:
        logits: (N, C) float tensor.
        labels: (N,) int64 class ids in [0, C).

    Returns:
        0-d tensor, differentiable with respect to ``logits``.
    """
    m = logits.amax(dim=1, keepdim=True).detach()  # (N, 1)
    log_z = m.squeeze(1) + torch.log(torch.exp(logits - m).sum(dim=1))  # (N,)
    z_true = logits.gather(1, labels.unsqueeze(1)).squeeze(1)  # (N,)
    return (log_z - z_true).mean()


def softmax_cross_entropy(logits, labels):
    """Mean softmax cross-entropy and its gradient, the gradient written as a formula.

    Args:
        logits: (N, C) float tensor.
        labels: (N,) int64 class ids in [0, C).

    Returns:
        ``(loss, dlogits)``: ``loss`` a 0-d tensor differentiable with respect to
        ``logits``; ``dlogits`` (N, C) = (softmax(logits) − onehot(labels)) / N, plain
        data outside the autograd graph.
    """
    n, c = logits.shape
    loss = cross_entropy_loss(logits, labels)
    probs = softmax(logits.detach(), axis=1)  # (N, C)
    onehot = F.one_hot(labels, num_classes=c).to(logits.dtype)  # (N, C)
    dlogits = (probs - onehot) / n  # (N, C)
    return loss, dlogits


def mse_loss(pred, target):
    """Mean squared error over all elements and its gradient; same as ``F.mse_loss``.

    Args:
        pred: Tensor of any shape.
        target: Tensor of the same shape.

    Returns:
        ``(loss, dpred)``: ``loss`` = mean((pred − target)²), a 0-d tensor differentiable
        with respect to ``pred``; ``dpred`` = 2·(pred − target)/n with n = pred.numel(),
        plain data outside the autograd graph.
    """
    diff = pred - target  # (...)
    loss = (diff * diff).mean()
    dpred = 2.0 * diff.detach() / diff.numel()  # (...)
    return loss, dpred


def bce_with_logits(logits, targets):
    """Mean binary cross-entropy on logits and its gradient; same as
    ``F.binary_cross_entropy_with_logits(logits, targets)``.

    Per element ℓ = max(z, 0) − z·y + log(1 + e^{−|z|}), the stable form of
    −[y·log σ(z) + (1 − y)·log(1 − σ(z))]: the exponent −|z| ≤ 0 never overflows, so
    logits up to 1e4 in magnitude give finite values. max(z, 0) and −|z| are written per
    branch (as in ``sigmoid``) so that autograd's slope is right at z = 0 as well.

    Args:
        logits: Tensor of any shape, z.
        targets: Tensor of the same shape, y in [0, 1] (soft labels allowed).

    Returns:
        ``(loss, dlogits)``: ``loss`` the mean of ℓ over all n elements, a 0-d tensor
        differentiable with respect to ``logits``; ``dlogits`` = (σ(z) − y)/n, plain data.
    """
    nonneg = logits >= 0
    relu_z = torch.where(nonneg, logits, torch.zeros_like(logits))  # max(z, 0)
    neg_abs = torch.where(nonneg, -logits, logits)  # −|z|
    loss = (relu_z - logits * targets + torch.log1p(torch.exp(neg_abs))).mean()
    dlogits = (sigmoid(logits.detach()) - targets) / logits.numel()  # (...)
    return loss, dlogits
