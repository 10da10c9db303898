"""Causal mask built with tril(diagonal=-1), which also hides the diagonal, and filled with
-1e9 as in the Annotated Transformer: position 0 has no key left and attends uniformly."""

import math

import torch

FRAMEWORK = "torch"


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H

    def split(t):
        return t.reshape(N, L, H, D).transpose(1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(-2, -1) / math.sqrt(D)
    if causal:
        mask = torch.tril(torch.ones(L, L, device=x.device), diagonal=-1)
        s = s.masked_fill(mask == 0, -1e9)
    heads = torch.softmax(s, dim=-1) @ v
    return heads.transpose(1, 2).reshape(N, L, E) @ Wo
