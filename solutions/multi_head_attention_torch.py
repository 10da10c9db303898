"""Multi-head self-attention in PyTorch (no biases, contiguous heads, optional causal mask).

view(N, L, H, D).transpose(1, 2) makes head h the contiguous column block h·D … (h+1)·D − 1,
as nn.MultiheadAttention; scores are scaled by 1/√D; the causal mask (built on the input's
device) keeps j ≤ i. Autograd differentiates through every step.
"""

import math

import torch

FRAMEWORK = "torch"


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    N, L, E = x.shape
    H = num_heads
    D = E // H

    def split(t):  # (N, L, E) -> (N, H, L, D)
        return t.reshape(N, L, H, D).transpose(1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    scores = q @ k.transpose(-2, -1) / math.sqrt(D)  # (N, H, L, L)
    if causal:
        allowed = torch.ones(L, L, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~allowed, float("-inf"))
    heads = torch.softmax(scores, dim=-1) @ v  # (N, H, L, D)
    return heads.transpose(1, 2).reshape(N, L, E) @ Wo  # (N, L, E)
