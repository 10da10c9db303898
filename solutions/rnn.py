"""A vanilla tanh RNN over a sequence and its backward pass (backpropagation through time).

Forward: h_t = tanh(x_t Wx + h_{t-1} Wh + b) for t = 1..T, from the given h0; hs stacks
h_1..h_T along axis 1.

Backward: h_t reaches the loss directly (dhs[:, t-1]) and through the next step, so walking
back from t = T we carry dh_next, the gradient h_t gets from step t+1. With the stored
output, tanh'(a_t) = 1 - h_t^2. Each step is then a linear layer whose weights are shared,
so their gradients add up over time; what is left after step 1 is dh0.
"""

import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    n, t_len, _ = x.shape
    hs = np.empty((n, t_len, h0.shape[1]))
    h = h0
    for t in range(t_len):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)  # (N, H)
        hs[:, t] = h
    return hs


def rnn_backward(dhs, x, h0, Wx, Wh, b):
    hs = rnn_forward(x, h0, Wx, Wh, b)
    h_all = np.concatenate([h0[:, None], hs], axis=1)  # (N, T+1, H): h_0 .. h_T

    dx = np.zeros_like(x)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):  # hs[:, t] is h_{t+1} of the math
        dh = dhs[:, t] + dh_next  # a new array: dhs is left as it was
        da = dh * (1.0 - h_all[:, t + 1] ** 2)  # through tanh, (N, H)
        dx[:, t] = da @ Wx.T
        dWx += x[:, t].T @ da
        dWh += h_all[:, t].T @ da  # Wh multiplied the state this step read
        db += da.sum(axis=0)
        dh_next = da @ Wh.T
    return dx, dh_next, dWx, dWh, db
