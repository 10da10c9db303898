"""Updates m and v with in-place tensor ops (mul_/add_/addcmul_), modifying the caller's state tensors."""

import torch

FRAMEWORK = "torch"


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    g = dw + weight_decay * w
    m.mul_(beta1).add_(g, alpha=1.0 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1.0 - beta2)
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    w = w - lr * m_hat / (torch.sqrt(v_hat) + eps)
    return w, m, v
