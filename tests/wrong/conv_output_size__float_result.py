"""Known-wrong: np.floor of a true division returns floats (7.0), not integer sizes."""

import numpy as np


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    # BUG: np.floor(a / b) is a float64; a size must be an integer (use //)
    return tuple(np.floor((n + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1
                 for i, n in enumerate((h, w)))
