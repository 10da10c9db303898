"""Known-wrong: the backward shifts each window in place to find its maximum, and windows are
views of x, so x itself is changed."""

import numpy as np


def _out_size(x, k, s):
    return (x.shape[2] - k) // s + 1, (x.shape[3] - k) // s + 1


def maxpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    s = k if stride is None else stride
    oh, ow = _out_size(x, k, s)
    out = np.empty(x.shape[:2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = x[:, :, s * i:s * i + k, s * j:s * j + k].max(axis=(2, 3))
    return out


def maxpool2d_backward(dout, x, kernel_size=2, stride=None):
    k = kernel_size
    s = k if stride is None else stride
    oh, ow = _out_size(x, k, s)
    dx = np.zeros_like(x)
    for i in range(oh):
        for j in range(ow):
            win = x[:, :, s * i:s * i + k, s * j:s * j + k]  # a view of x
            win -= win.max(axis=(2, 3), keepdims=True)  # BUG: writes into x; the max is now 0
            dx[:, :, s * i:s * i + k, s * j:s * j + k] += (win == 0) * dout[:, :, i, j, None, None]
    return dx
