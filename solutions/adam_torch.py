"""One Adam step on tensors, matching torch.optim.Adam (L2 weight decay in the gradient).

g = dw + weight_decay * w; m and v are exponential averages of g and g^2, bias-corrected
by 1 - beta^t for the 1-based step t; eps is added outside the square root. All updates
are out of place, so the caller's tensors are unchanged.
"""

import torch

FRAMEWORK = "torch"


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    g = dw + weight_decay * w
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    w = w - lr * m_hat / (torch.sqrt(v_hat) + eps)
    return w, m, v
