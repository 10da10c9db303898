"""The moments are used without dividing by 1 - beta^t."""

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * dw * dw
    return w * (1.0 - lr * weight_decay) - lr * m / (np.sqrt(v) + eps), m, v
