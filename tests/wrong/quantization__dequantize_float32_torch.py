"""PyTorch: (q - zero_point) * scale on the int64 codes; an integer tensor times a Python float is
float32 in PyTorch (the default dtype), not float64."""

import torch

FRAMEWORK = "torch"


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min().item(), 0.0), max(x.max().item(), 0.0)
    scale = (hi - lo) / q_max
    zero_point = round(-lo / scale)
    q = torch.clamp(torch.round(x / scale) + zero_point, 0, q_max)
    return q.long(), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q - zero_point) * scale
