"""Single optimizer steps: SGD with (Nesterov) momentum, RMSprop, Adam and AdamW.

Math as implemented by ``torch.optim.SGD`` (dampening 0; Sutskever et al., 2013),
``torch.optim.RMSprop`` (Tieleman & Hinton, 2012; eps added to √s), ``torch.optim.Adam``
(Kingma & Ba, 2015, Algorithm 1, with PyTorch's placement of eps: denominator
√v / √(1 − β2^t) + eps) and ``torch.optim.AdamW`` (Loshchilov & Hutter, 2019: the decay
w ← w·(1 − lr·λ) kept out of the moments). Every step returns new tensors.
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


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    """One step of RMSprop, same as ``torch.optim.RMSprop`` (no momentum, not centered).

    s ← α·s + (1 − α)·g²; w ← w − lr·g / (√s + eps).

    Args:
        w: Parameters.
        dw: Gradient g, shaped like ``w``.
        s: Running average of g² (zeros before the first step), shaped like ``w``.
        lr: Learning rate.
        alpha: α, the smoothing constant (weight of the old average).
        eps: Added to √s, outside the square root.

    Returns:
        ``(w_new, s_new)``.
    """
    s_new = alpha * s + (1 - alpha) * dw * dw
    w_new = w - lr * dw / (s_new.sqrt() + eps)
    return w_new, s_new


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    """One step of AdamW, same as ``torch.optim.AdamW`` (decoupled weight decay).

    w' = w·(1 − lr·λ); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
    w ← w' − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + eps). The decay never enters g, m or v.

    Args:
        w: Parameters.
        dw: Gradient g, shaped like ``w``.
        m: First-moment estimate (zeros before the first step).
        v: Second-moment estimate (zeros before the first step).
        t: 1-based number of this step.
        lr: Learning rate.
        beta1: β1.
        beta2: β2.
        eps: Added to the bias-corrected √v.
        weight_decay: λ; the weights shrink by the factor 1 − lr·λ.

    Returns:
        ``(w_new, m_new, v_new)``.
    """
    w_decayed = w * (1 - lr * weight_decay)
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    step_size = lr / (1 - beta1**t)
    denom = v_new.sqrt() / math.sqrt(1 - beta2**t) + eps
    w_new = w_decayed - step_size * (m_new / denom)
    return w_new, m_new, v_new
