"""Only the N rows of z1 are anchors (positives in z2, negatives among all other rows); the rows of
z2 are never anchors, so the loss is not symmetric in the two views."""

import numpy as np


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = np.concatenate([z1, z2])
    u = z / np.linalg.norm(z, axis=1, keepdims=True)
    logits = u[:n] @ u.T / temperature                      # (N, 2N)
    logits[np.arange(n), np.arange(n)] = -np.inf
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return np.mean(lse - logits[np.arange(n), np.arange(n) + n])
