"""The tanh derivative is computed on the pre-activation a_t (1 - a^2) instead of on h_t."""

import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    h, hs = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return np.stack(hs, axis=1)


def rnn_backward(dhs, x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    hs, pre = [h0], []
    for t in range(T):
        a = x[:, t] @ Wx + hs[-1] @ Wh + b
        pre.append(a)
        hs.append(np.tanh(a))
    dx = np.zeros_like(x)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        da = (dhs[:, t] + dh_next) * (1 - pre[t] ** 2)  # should be 1 - hs[t + 1] ** 2
        dx[:, t] = da @ Wx.T
        dWx += x[:, t].T @ da
        dWh += hs[t].T @ da
        db += da.sum(axis=0)
        dh_next = da @ Wh.T
    return dx, dh_next, dWx, dWh, db
