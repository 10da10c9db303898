"""Updates the caller's s and w in place (s *= alpha; s += ...; w -= ...)."""

import numpy as np


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    s *= alpha
    s += (1.0 - alpha) * dw * dw
    w -= lr * dw / (np.sqrt(s) + eps)
    return w, s
