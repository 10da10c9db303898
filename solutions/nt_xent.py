"""SimCLR's NT-Xent loss, NumPy.

The 2N embeddings [z1; z2] are normalised to unit rows, so u @ u.T holds the cosine
similarities. Divided by τ, each row is the logits of a classification of the anchor's
positive, (i + N) mod 2N, among the 2N − 1 other embeddings: the diagonal is set to −inf,
which removes the anchor from its own denominator. ℓ_i = logsumexp(row_i) − row_i[p(i)],
with the max shift for stability, averaged over all 2N anchors.
"""

import numpy as np


def nt_xent_loss(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = np.concatenate([z1, z2], axis=0)                     # (2N, D)
    u = z / np.linalg.norm(z, axis=1, keepdims=True)         # unit rows
    logits = u @ u.T / temperature                           # (2N, 2N)
    np.fill_diagonal(logits, -np.inf)
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))   # (2N,)
    anchors = np.arange(2 * n)
    positives = (anchors + n) % (2 * n)
    return float(np.mean(lse - logits[anchors, positives]))
