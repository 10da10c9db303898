"""softmax_cross_entropy subtracts the row maximum from the logits in place (logits -= max), changing the caller's array."""

import numpy as np


def softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    n = logits.shape[0]
    rows = np.arange(n)

    logits -= logits.max(axis=1, keepdims=True)  # shift for stability
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, labels].mean()

    dlogits = np.exp(log_probs)
    dlogits[rows, labels] -= 1.0
    dlogits /= n
    return float(loss), dlogits
