"""The denominator is exp(pos) + Σ_{j≠i} exp(sim_ij): the positive, already among the j ≠ i, is
counted a second time."""

import numpy as np


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = np.concatenate([z1, z2])
    u = z / np.linalg.norm(z, axis=1, keepdims=True)
    e = np.exp(u @ u.T / temperature)
    np.fill_diagonal(e, 0.0)
    pos = e[np.arange(2 * n), (np.arange(2 * n) + n) % (2 * n)]
    return np.mean(-np.log(pos / (pos + e.sum(axis=1))))
