"""Divides by the root of the old average s (before this step's g^2 is mixed in)."""

import numpy as np


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    w_new = w - lr * dw / (np.sqrt(s) + eps)
    return w_new, alpha * s + (1.0 - alpha) * dw * dw
