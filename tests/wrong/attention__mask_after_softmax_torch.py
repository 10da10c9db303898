"""Softmax over all keys, then the masked weights are zeroed without renormalising."""

import math

import torch

FRAMEWORK = "torch"


def scaled_dot_product_attention(q, k, v, mask=None):
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    if mask is not None:
        weights = weights * mask
    return weights @ v, weights
