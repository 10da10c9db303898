"""Known wrong: codes stored as unsigned integers, and dequantize subtracts the zero point
before converting, so codes below the zero point wrap around (3 − 7 = 252 in uint8)."""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo = min(float(x.min()), 0.0)
    hi = max(float(x.max()), 0.0)
    scale = (hi - lo) / q_max
    zero_point = int(np.round(-lo / scale))
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max)
    return q.astype(np.uint16 if num_bits > 8 else np.uint8), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q - zero_point) * scale          # bug: unsigned arithmetic wraps below zero_point
