"""The two biases are summed outside the reset gate: n = tanh(x Wx_n + bx_n + bh_n + r * (h Wh_n))."""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    H = h_prev.shape[1]
    gx = x @ Wx + bx + bh  # one merged bias, as in a plain RNN
    gh = h_prev @ Wh
    r = _sigmoid(gx[:, :H] + gh[:, :H])
    z = _sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1 - z) * n + z * h_prev
