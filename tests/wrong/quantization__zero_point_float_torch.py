"""PyTorch: the zero point is torch.round(...) of a tensor, a 0-d float64 tensor, not an integer."""

import torch

FRAMEWORK = "torch"


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo = torch.clamp(x.min(), max=0.0)
    hi = torch.clamp(x.max(), min=0.0)
    scale = (hi - lo) / q_max
    zero_point = torch.round(-lo / scale)
    q = torch.clamp(torch.round(x / scale) + zero_point, 0, q_max)
    return q.long(), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.double() - zero_point) * scale
