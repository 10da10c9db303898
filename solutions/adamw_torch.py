"""One AdamW step on tensors, matching torch.optim.AdamW (decoupled weight decay).

w shrinks by 1 - lr * weight_decay (the old w, scaled by lr, never divided by sqrt(v)),
then takes Adam's step on the raw gradient: m, v are exponential averages of g and g^2,
bias-corrected by 1 - beta^t, with eps outside the square root. All updates are out of
place, unlike PyTorch's own param.mul_, so the caller's tensors are unchanged.
"""

import torch

FRAMEWORK = "torch"


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * dw * dw
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    w = w * (1.0 - lr * weight_decay) - lr * m_hat / (torch.sqrt(v_hat) + eps)
    return w, m, v
