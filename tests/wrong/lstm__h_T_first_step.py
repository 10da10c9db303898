"""h_T is taken from the first step (hs[:, 0]) instead of the last."""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def lstm_forward(x, h0, c0, Wx, Wh, b):
    h, c, hs = h0, c0, []
    for t in range(x.shape[1]):
        ai, af, ag, ao = np.split(x[:, t] @ Wx + h @ Wh + b, 4, axis=1)
        i, f, g, o = _sigmoid(ai), _sigmoid(af), np.tanh(ag), _sigmoid(ao)
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
    hs = np.stack(hs, axis=1)
    return hs, hs[:, 0], c
