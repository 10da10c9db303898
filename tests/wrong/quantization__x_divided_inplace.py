"""Divides x by the scale in place (x /= scale) to save a temporary: every value is right, but the
caller's x now holds x/scale."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = float(hi - lo) / q_max
    zero_point = int(np.round(-lo / scale))
    x /= scale
    q = np.clip(np.round(x) + zero_point, 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
