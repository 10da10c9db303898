"""Causal mask that also hides the diagonal (np.tril(..., -1)), filled with -1e9 as in many
tutorials: position 0 is left with no key and attends uniformly to all positions."""

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H

    def split(t):
        return t.reshape(N, L, H, D).transpose(0, 2, 1, 3)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D)
    if causal:
        s = np.where(np.tril(np.ones((L, L), dtype=bool), -1), s, -1e9)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    w /= w.sum(axis=-1, keepdims=True)
    return (w @ v).transpose(0, 2, 1, 3).reshape(N, L, E) @ Wo
