"""scale = x.max()/(2^b - 1), as if the range were [0, max]; the negative part then needs more
codes than there are, and the zero point lands too high."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo = min(x.min(), 0.0)
    scale = float(x.max()) / q_max
    zero_point = int(np.round(-lo / scale))
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
