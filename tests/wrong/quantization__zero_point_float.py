"""Returns the zero point as np.round gives it, a float64 (e.g. 37.0), not an integer."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = float(hi - lo) / q_max
    zero_point = np.round(-lo / scale)
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
