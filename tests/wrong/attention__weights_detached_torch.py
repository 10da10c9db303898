"""Returns the attention weights detached ("they are only for plotting"): values right, but
no gradient flows back through the weights output."""

import math

import torch

FRAMEWORK = "torch"


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights.detach()
