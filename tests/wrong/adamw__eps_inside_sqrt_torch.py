"""eps is added inside the square root, sqrt(v_hat + eps), instead of to sqrt(v_hat)."""

import torch

FRAMEWORK = "torch"


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * dw * dw
    m_hat, v_hat = m / (1.0 - beta1**t), v / (1.0 - beta2**t)
    return w * (1.0 - lr * weight_decay) - lr * m_hat / torch.sqrt(v_hat + eps), m, v
