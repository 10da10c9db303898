"""Single optimizer steps: SGD with (Nesterov) momentum and Adam.

Math as implemented by ``torch.optim.SGD`` (dampening 0; Sutskever et al., 2013) and
``torch.optim.Adam`` (Kingma & Ba, 2015, Algorithm 1, with PyTorch's placement of eps:
denominator √v / √(1 − β2^t) + eps). Every step returns new tensors.
"""

import math


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    """One step of SGD with momentum, same as ``torch.optim.SGD`` with dampening 0.

    v ← μ·v + g; w ← w − lr·v, or with Nesterov w ← w − lr·(g + μ·v).

    Args:
        w: Parameters.
        dw: Gradient g, shaped like ``w``.
        v: Momentum buffer (zeros before the first step), shaped like ``w``.
        lr: Learning rate.
        momentum: μ.
        nesterov: Whether to use Nesterov momentum.

    Returns:
        ``(w_new, v_new)``.
    """
    v_new = momentum * v + dw
    step = dw + momentum * v_new if nesterov else v_new
    w_new = w - lr * step
    return w_new, v_new


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    """One step of Adam, same as ``torch.optim.Adam`` (L2 weight decay in the gradient).

    g = dw + λ·w; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
    w ← w − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + eps).

    Args:
        w: Parameters.
        dw: Gradient, shaped like ``w``.
        m: First-moment estimate (zeros before the first step).
        v: Second-moment estimate (zeros before the first step).
        t: 1-based number of this step.
        lr: Learning rate.
        beta1: β1.
        beta2: β2.
        eps: Added to the bias-corrected √v.
        weight_decay: λ, added to the gradient as λ·w.

    Returns:
        ``(w_new, m_new, v_new)``.
    """
    g = dw + weight_decay * w
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    bias_correction1 = 1 - beta1**t
    bias_correction2 = 1 - beta2**t
    step_size = lr / bias_correction1
    denom = v_new.sqrt() / math.sqrt(bias_correction2) + eps
    w_new = w - step_size * (m_new / denom)
    return w_new, m_new, v_new
