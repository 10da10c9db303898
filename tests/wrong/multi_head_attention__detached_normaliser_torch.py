"""The softmax written by hand with its normaliser detached (treated as a constant): the
values are right, but the gradient misses the path through the row sums."""

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
        s = s.masked_fill(~torch.ones(L, L, dtype=torch.bool, device=x.device).tril(), float("-inf"))
    e = torch.exp(s - s.amax(dim=-1, keepdim=True))
    w = e / e.sum(dim=-1, keepdim=True).detach()
    return (w @ v).transpose(1, 2).reshape(N, L, E) @ Wo
