"""dWh is built from the inputs x_t instead of the previous hidden states h_{t-1}."""

import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    h, hs = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return np.stack(hs, axis=1)


def rnn_backward(dhs, x, h0, Wx, Wh, b):
    hs = rnn_forward(x, h0, Wx, Wh, b)
    das = np.zeros_like(hs)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        das[:, t] = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
        dh_next = das[:, t] @ Wh.T
    dx = np.einsum("nth,dh->ntd", das, Wx)
    dWx = np.einsum("ntd,nth->dh", x, das)
    dWh = np.einsum("ntd,nth->dh", x, das)  # should contract h_{t-1}, not x_t
    db = das.sum(axis=(0, 1))
    return dx, dh_next, dWx, dWh, db
