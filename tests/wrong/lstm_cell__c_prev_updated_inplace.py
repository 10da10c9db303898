"""lstm_cell_forward updates the cell state in place (c = c_prev; c *= f; c += i*g), overwriting the caller's c_prev with the new c."""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def _gates(x, h_prev, Wx, Wh, b):
    a = x @ Wx + h_prev @ Wh + b
    ai, af, ag, ao = np.split(a, 4, axis=1)
    return _sigmoid(ai), _sigmoid(af), np.tanh(ag), _sigmoid(ao)


def lstm_cell_forward(x, h_prev, c_prev, Wx, Wh, b):
    i, f, g, o = _gates(x, h_prev, Wx, Wh, b)
    c = c_prev  # update the cell state
    c *= f
    c += i * g
    h = o * np.tanh(c)
    return h, c


def lstm_cell_backward(dh, dc, x, h_prev, c_prev, Wx, Wh, b):
    i, f, g, o = _gates(x, h_prev, Wx, Wh, b)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)

    dc_total = dc + dh * o * (1.0 - tanh_c**2)
    di = dc_total * g
    df = dc_total * c_prev
    dg = dc_total * i
    do = dh * tanh_c
    dc_prev = dc_total * f

    da = np.concatenate(
        [di * i * (1.0 - i), df * f * (1.0 - f), dg * (1.0 - g**2), do * o * (1.0 - o)],
        axis=1,
    )
    dx = da @ Wx.T
    dh_prev = da @ Wh.T
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    return dx, dh_prev, dc_prev, dWx, dWh, db
