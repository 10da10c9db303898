"""The textbook -(y log p + (1 - y) log(1 - p)) with p = sigmoid(z): log(0) at large logits."""

import numpy as np


def bce_with_logits(logits, targets):
    p = 1.0 / (1.0 + np.exp(-logits))
    loss = -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))
    return float(loss), (p - targets) / logits.size
