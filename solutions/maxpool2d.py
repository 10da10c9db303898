"""2-D max pooling (same as F.max_pool2d, no padding) with an index-based backward.

`sliding_window_view` gives every k×k window as a view, shape (N, C, H-k+1, W-k+1, k, k);
keeping every s-th start gives the (N, C, OH, OW) windows of stride s. The backward finds
each window's argmax, turns it into input coordinates (s·i + idx // k, s·j + idx % k), and
scatters dout there with np.add.at, which adds repeated indices: where windows overlap,
an input that is the maximum of several windows collects all their gradients.
"""

import numpy as np


def _windows(x, kernel_size, stride):
    """(N, C, OH, OW, k·k) windows of x, and the stride used."""
    k = kernel_size
    s = k if stride is None else stride
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s]
    return win.reshape(*win.shape[:4], k * k), s


def maxpool2d_forward(x, kernel_size=2, stride=None):
    win, _ = _windows(x, kernel_size, stride)
    return win.max(axis=-1)


def maxpool2d_backward(dout, x, kernel_size=2, stride=None):
    k = kernel_size
    win, s = _windows(x, kernel_size, stride)
    idx = win.argmax(axis=-1)  # (N, C, OH, OW): which tap of each window holds the max
    n, c, oh, ow = idx.shape
    ni, ci, i, j = np.indices((n, c, oh, ow))
    rows, cols = s * i + idx // k, s * j + idx % k  # input coordinates of each maximum
    dx = np.zeros_like(x, dtype=np.float64)
    np.add.at(dx, (ni, ci, rows, cols), dout)
    return dx
