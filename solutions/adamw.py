"""One AdamW step, matching torch.optim.AdamW (decoupled weight decay).

The decay is kept out of the adaptive machinery: the old weights shrink by the factor
1 - lr * weight_decay, and Adam runs on the raw gradient dw. The moments m, v are
exponential averages of g and g^2, bias-corrected by 1 - beta^t for the 1-based step t;
eps is added outside the square root. The Adam step does not depend on w, so decaying
first and stepping second is the same as PyTorch's in-place order.
"""

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * dw * dw
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    w = w * (1.0 - lr * weight_decay) - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v
