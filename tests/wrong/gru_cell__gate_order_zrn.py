"""The blocks are read as z, r, n (update gate first) instead of PyTorch's r, z, n."""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    H = h_prev.shape[1]
    gx = x @ Wx + bx
    gh = h_prev @ Wh + bh
    z = _sigmoid(gx[:, :H] + gh[:, :H])
    r = _sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1 - z) * n + z * h_prev
