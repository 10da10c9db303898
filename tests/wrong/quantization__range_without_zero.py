"""Min-max range [x.min(), x.max()] without stretching it to contain 0: for an all-positive or
all-negative tensor, 0.0 gets no exact code and the scale is finer than the contract's."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = x.min(), x.max()
    scale = float(hi - lo) / q_max
    zero_point = int(np.round(-lo / scale))
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
