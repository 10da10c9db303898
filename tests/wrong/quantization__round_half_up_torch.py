"""PyTorch: rounds with torch.floor(v + 0.5) (halves up) instead of torch.round (halves to even)."""

import math

import torch

FRAMEWORK = "torch"


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min().item(), 0.0), max(x.max().item(), 0.0)
    scale = (hi - lo) / q_max
    zero_point = math.floor(-lo / scale + 0.5)
    q = torch.clamp(torch.floor(x / scale + 0.5) + zero_point, 0, q_max)
    return q.long(), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.double() - zero_point) * scale
