"""The anchor's similarity with itself (1/τ, the largest logit) is left in its own denominator."""

import numpy as np


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = np.concatenate([z1, z2])
    u = z / np.linalg.norm(z, axis=1, keepdims=True)
    logits = u @ u.T / temperature
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    pos = (np.arange(2 * n) + n) % (2 * n)
    return np.mean(lse - logits[np.arange(2 * n), pos])
