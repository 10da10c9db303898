"""Multi-head self-attention in NumPy (no biases, contiguous heads, optional causal mask).

Project once with the full (E, E) matrices, then view the last axis as (H, D): head h is
the run of columns h·D … (h+1)·D − 1 (PyTorch's layout). Each head is ordinary scaled
dot-product attention with scale 1/√D over its (L, D) slices; the heads go back side by
side in the same order and through Wo. The causal mask keeps the lower triangle with the
diagonal (position i sees j ≤ i).
"""

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H

    def split(t):  # (N, L, E) -> (N, H, L, D)
        return t.reshape(N, L, H, D).transpose(0, 2, 1, 3)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D)  # (N, H, L, L)
    if causal:
        scores = np.where(np.tril(np.ones((L, L), dtype=bool)), scores, -np.inf)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = e / e.sum(axis=-1, keepdims=True)
    heads = weights @ v  # (N, H, L, D)
    return heads.transpose(0, 2, 1, 3).reshape(N, L, E) @ Wo  # (N, L, E)
