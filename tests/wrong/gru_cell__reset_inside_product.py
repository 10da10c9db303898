"""The reset gate is applied to h before the product: n = tanh(x Wx_n + bx_n + (r * h) Wh_n + bh_n)."""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    H = h_prev.shape[1]
    r = _sigmoid(x @ Wx[:, :H] + bx[:H] + h_prev @ Wh[:, :H] + bh[:H])
    z = _sigmoid(x @ Wx[:, H:2 * H] + bx[H:2 * H] + h_prev @ Wh[:, H:2 * H] + bh[H:2 * H])
    n = np.tanh(x @ Wx[:, 2 * H:] + bx[2 * H:] + (r * h_prev) @ Wh[:, 2 * H:] + bh[2 * H:])
    return (1 - z) * n + z * h_prev
