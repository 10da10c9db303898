"""Known-wrong: the stride argument is ignored; windows always move by 1."""

import numpy as np


def _windows(x, k):
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))  # BUG: no [::s, ::s]
    return win.reshape(*win.shape[:4], k * k)


def maxpool2d_forward(x, kernel_size=2, stride=None):
    return _windows(x, kernel_size).max(axis=-1)


def maxpool2d_backward(dout, x, kernel_size=2, stride=None):
    k = kernel_size
    idx = _windows(x, k).argmax(axis=-1)
    ni, ci, i, j = np.indices(idx.shape)
    dx = np.zeros_like(x)
    np.add.at(dx, (ni, ci, i + idx // k, j + idx % k), dout)
    return dx
