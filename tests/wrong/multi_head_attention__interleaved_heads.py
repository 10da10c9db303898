"""Heads split by interleaving columns: reshape to (N, L, D, H), so head h takes columns
h, h + H, h + 2H, ... instead of the contiguous block h*D ... (h+1)*D - 1."""

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H

    def split(t):  # (N, L, E) -> (N, L, D, H) -> (N, H, L, D)
        return t.reshape(N, L, D, H).transpose(0, 3, 1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D)
    if causal:
        s = np.where(np.tril(np.ones((L, L), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    w /= w.sum(axis=-1, keepdims=True)
    heads = w @ v  # (N, H, L, D)
    return heads.transpose(0, 2, 3, 1).reshape(N, L, E) @ Wo
