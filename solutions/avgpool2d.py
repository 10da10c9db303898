"""2-D average pooling (same as F.avg_pool2d, no padding) as a loop over the k×k offsets.

Offset (u, v) of every window is one strided slice of x, x[:, :, u::s, v::s] cut to
OH×OW, so the mean of the windows is the sum of the k² slices divided by k². The
backward adds dout/k² into the same slices: an input read by several overlapping windows
collects a share from each, and inputs no window reads keep a gradient of 0.
"""

import numpy as np


def _slices(x_shape, kernel_size, stride):
    """The output size and, for each offset (u, v), the slices of x it reads."""
    k = kernel_size
    s = k if stride is None else stride
    h, w = x_shape[2:]
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    taps = [(slice(u, u + s * (oh - 1) + 1, s), slice(v, v + s * (ow - 1) + 1, s))
            for u in range(k) for v in range(k)]
    return (oh, ow), taps


def avgpool2d_forward(x, kernel_size=2, stride=None):
    (oh, ow), taps = _slices(x.shape, kernel_size, stride)
    out = np.zeros(x.shape[:2] + (oh, ow))
    for rows, cols in taps:
        out += x[:, :, rows, cols]
    return out / kernel_size ** 2


def avgpool2d_backward(dout, x, kernel_size=2, stride=None):
    _, taps = _slices(x.shape, kernel_size, stride)
    dx = np.zeros(x.shape)
    share = dout / kernel_size ** 2  # a new array: dout itself is left alone
    for rows, cols in taps:
        dx[:, :, rows, cols] += share
    return dx
