"""Rounds with np.floor(v + 0.5), the school rule: halves go up (2.5 -> 3) instead of to even,
in the zero point and in the codes."""

import numpy as np


def _round(v):
    return np.floor(v + 0.5)


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = float(hi - lo) / q_max
    zero_point = int(_round(-lo / scale))
    q = np.clip(_round(x / scale) + zero_point, 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
