"""The new cell state is never fed back: the loop keeps passing c0 to every step."""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def lstm_cell(x, h_prev, c_prev, Wx, Wh, b):
    ai, af, ag, ao = np.split(x @ Wx + h_prev @ Wh + b, 4, axis=1)
    i, f, g, o = _sigmoid(ai), _sigmoid(af), np.tanh(ag), _sigmoid(ao)
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_forward(x, h0, c0, Wx, Wh, b):
    h, c, hs = h0, c0, []
    for t in range(x.shape[1]):
        h, c_new = lstm_cell(x[:, t], h, c, Wx, Wh, b)  # c is never updated to c_new
        hs.append(h)
    return np.stack(hs, axis=1), h, c_new
