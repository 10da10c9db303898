"""eps is added inside the square root, sqrt(s + eps), as TensorFlow 1's RMSPropOptimizer did."""

import numpy as np


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    s = alpha * s + (1.0 - alpha) * dw * dw
    return w - lr * dw / np.sqrt(s + eps), s
