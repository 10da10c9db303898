"""Codes measured from the minimum, q = round((x - lo)/scale): the unrounded zero point -lo/scale
sits inside the rounding, so codes are off by one wherever the two fractions add past a half."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo, hi = min(x.min(), 0.0), max(x.max(), 0.0)
    scale = float(hi - lo) / q_max
    zero_point = int(np.round(-lo / scale))
    q = np.clip(np.round((x - lo) / scale), 0, q_max).astype(np.int64)
    return q, scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
