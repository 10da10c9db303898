"""Known-wrong: stride=None is read as stride 1 instead of stride = kernel_size."""

import numpy as np


def _windows(x, k, stride):
    s = 1 if stride is None else stride  # BUG: PyTorch's default stride is kernel_size
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s]
    return win.reshape(*win.shape[:4], k * k), s


def maxpool2d_forward(x, kernel_size=2, stride=None):
    return _windows(x, kernel_size, stride)[0].max(axis=-1)


def maxpool2d_backward(dout, x, kernel_size=2, stride=None):
    k = kernel_size
    win, s = _windows(x, k, stride)
    idx = win.argmax(axis=-1)
    ni, ci, i, j = np.indices(idx.shape)
    dx = np.zeros_like(x)
    np.add.at(dx, (ni, ci, s * i + idx // k, s * j + idx % k), dout)
    return dx
