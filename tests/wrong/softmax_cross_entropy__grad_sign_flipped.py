"""dlogits is computed as (one_hot - softmax)/N, the negative of the true gradient."""

import numpy as np


def softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    n = logits.shape[0]
    rows = np.arange(n)

    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, labels].mean()

    dlogits = -np.exp(log_probs)
    dlogits[rows, labels] += 1.0
    dlogits /= n
    return float(loss), dlogits
