"""Weight penalties (L1, L2) and inverted dropout applied with a given keep-mask.

Math: penalty = l1·Σ|w| + ½·l2·Σw², whose (sub)gradient is l1·sign(w) + l2·w with
sign(0) = 0; inverted dropout scales the survivors by 1/(1 − p) so that the expected
activation is unchanged (Srivastava et al., 2014, "Dropout", JMLR 15).
"""

import torch


def regularization_penalty(weights, l1=0.0, l2=0.0):
    """Elastic-net penalty over a list of weight tensors, and its gradients.

    Args:
        weights: Non-empty list of float tensors.
        l1: L1 strength.
        l2: L2 strength.

    Returns:
        ``(penalty, grads)``: ``penalty`` = l1·Σ|w| + ½·l2·Σw² over all tensors, a 0-d
        tensor differentiable with respect to the weights; ``grads`` a list with
        l1·sign(w) + l2·w for each tensor (sign(0) = 0), plain data outside the graph.
    """
    penalty = weights[0].new_zeros(())
    for w in weights:
        penalty = penalty + l1 * w.abs().sum() + 0.5 * l2 * (w * w).sum()
    grads = [l1 * torch.sign(w.detach()) + l2 * w.detach() for w in weights]
    return penalty, grads


def dropout_apply(x, mask, p):
    """Inverted dropout with a given keep-mask: out = x·mask / (1 − p).

    Args:
        x: Float tensor.
        mask: Boolean tensor shaped like ``x``, True where the unit is kept.
        p: Drop probability, 0 ≤ p < 1.

    Returns:
        Tensor shaped like ``x``.
    """
    return x * mask / (1 - p)


def dropout_backward(dout, mask, p):
    """Gradient of :func:`dropout_apply`: dx = dout·mask / (1 − p).

    Args:
        dout: Upstream gradient shaped like the forward output.
        mask: The forward's boolean keep-mask.
        p: The forward's drop probability.

    Returns:
        Gradient with respect to the forward input ``x``.
    """
    return dout * mask / (1 - p)
