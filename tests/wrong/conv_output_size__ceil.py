"""Known-wrong: rounds the division up (as pooling with ceil_mode=True would)."""

import math


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    # BUG: ceil instead of floor
    return tuple(math.ceil((n + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1
                 for i, n in enumerate((h, w)))
