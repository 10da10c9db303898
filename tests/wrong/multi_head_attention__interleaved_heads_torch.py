"""Heads split by interleaving columns: view(N, L, D, H) instead of view(N, L, H, D)."""

import math

import torch

FRAMEWORK = "torch"


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H

    def split(t):  # (N, L, E) -> (N, L, D, H) -> (N, H, L, D)
        return t.reshape(N, L, D, H).permute(0, 3, 1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(-2, -1) / math.sqrt(D)
    if causal:
        s = s.masked_fill(~torch.ones(L, L, dtype=torch.bool, device=x.device).tril(), float("-inf"))
    heads = torch.softmax(s, dim=-1) @ v
    return heads.permute(0, 2, 3, 1).reshape(N, L, E) @ Wo
