"""Per-tensor affine quantization to unsigned integers, and back, PyTorch, from scratch.

Same map as the NumPy solution: range stretched to contain 0, scale (hi − lo)/(2^b − 1),
integer zero point round(−lo/scale), codes clip(round(x/scale) + z, 0, 2^b − 1).
`torch.round` rounds halves to even. The codes are int64 on x's device; dequantizing
converts them to float64 first (an integer tensor times a Python float would be float32).
"""

import torch

FRAMEWORK = "torch"


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo = min(x.min().item(), 0.0)
    hi = max(x.max().item(), 0.0)
    scale = (hi - lo) / q_max
    zero_point = round(-lo / scale)                         # Python's round: half to even
    q = torch.clamp(torch.round(x / scale) + zero_point, 0, q_max)
    return q.to(torch.int64), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.to(torch.float64) - zero_point) * scale
