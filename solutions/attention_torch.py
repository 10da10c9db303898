"""Scaled dot-product attention in PyTorch, with an optional boolean mask (True = may attend).

The same formula as the NumPy solution: S = Q Kᵀ / √d, masked scores filled with -inf before
the softmax, out = softmax(S) V. `torch.softmax` is stable (it subtracts the row maximum) and
every step is differentiable, so autograd gives the gradients for q, k and v.
"""

import math

import torch

FRAMEWORK = "torch"


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., Lq, Lk)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))  # mask broadcasts to the scores
    weights = torch.softmax(scores, dim=-1)  # over the keys
    return weights @ v, weights  # (..., Lq, dv), (..., Lq, Lk)
