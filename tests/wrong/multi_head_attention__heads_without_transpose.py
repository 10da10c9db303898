"""Heads taken with reshape(N, H, L, D) straight from (N, L, E), without the transpose:
each "head" mixes the features of several positions."""

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H
    q, k, v = ((x @ W).reshape(N, H, L, D) for W in (Wq, Wk, Wv))
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D)
    if causal:
        s = np.where(np.tril(np.ones((L, L), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    w /= w.sum(axis=-1, keepdims=True)
    return (w @ v).reshape(N, L, E) @ Wo
