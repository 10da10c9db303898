"""zero_point = int(-lo / scale): int() truncates (2.7 -> 2) where the contract rounds to the
nearest integer; every code shifts with it."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = float(hi - lo) / q_max
    zero_point = int(-lo / scale)
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
