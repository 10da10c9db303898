"""Softmax cross-entropy: the loss of a classifier's logits against integer labels.

Math: for logits z (N, C) and labels y, L = (1/N)·Σ_n [log Σ_c e^{z_nc} − z_{n,y_n}],
with the log-sum-exp shifted by the row maximum for stability; its gradient is
∂L/∂z = (softmax(z) − onehot(y)) / N (Bishop, *Pattern Recognition and Machine
Learning*, §4.3.4).
"""

import torch
import torch.nn.functional as F

from reference_impl.activations import softmax


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
