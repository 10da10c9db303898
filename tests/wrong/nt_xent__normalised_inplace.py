"""Normalises z1 and z2 in place (z1 /= norm) before stacking them: the loss is right, but the
caller's embeddings are now unit vectors."""

import numpy as np


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z1 /= np.linalg.norm(z1, axis=1, keepdims=True)
    z2 /= np.linalg.norm(z2, axis=1, keepdims=True)
    u = np.concatenate([z1, z2])
    logits = u @ u.T / temperature
    np.fill_diagonal(logits, -np.inf)
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    pos = (np.arange(2 * n) + n) % (2 * n)
    return np.mean(lse - logits[np.arange(2 * n), pos])
