"""alpha weighs the new squared gradient instead of the old average: s = (1 - alpha) s + alpha g^2."""

import numpy as np


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    s = (1.0 - alpha) * s + alpha * dw * dw
    return w - lr * dw / (np.sqrt(s) + eps), s
