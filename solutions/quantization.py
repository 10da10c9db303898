"""Per-tensor affine quantization to unsigned integers, and back, NumPy.

The range [lo, hi] is stretched to contain 0, so that 0.0 has an exact code: the integer
zero point z. The M + 1 codes (M = 2^b − 1) are spread over the range with the scale
s = (hi − lo)/M; a value maps to clip(round(x/s) + z, 0, M). `np.round` rounds halves to
even, as PyTorch's quantized kernels do; the clip is needed because rounding z can push the
top of the range one code past M. Dequantizing converts the codes to float64 *before*
subtracting z, so that unsigned codes cannot wrap around below 0.
"""

import numpy as np


def quantize_affine(x, num_bits=8):
    q_max = 2 ** num_bits - 1
    lo = min(float(x.min()), 0.0)
    hi = max(float(x.max()), 0.0)
    scale = (hi - lo) / q_max
    zero_point = int(np.round(-lo / scale))               # half to even
    q = np.clip(np.round(x / scale) + zero_point, 0, q_max)
    return q.astype(np.int64), scale, zero_point


def dequantize_affine(q, scale, zero_point):
    return (q.astype(np.float64) - zero_point) * scale
