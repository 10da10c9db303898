"""An LSTM over a sequence (as nn.LSTM with batch_first=True), forward only.

Each step is the LSTM cell with PyTorch's gate blocks i, f, g, o:
A = x_t Wx + h Wh + b; i, f, o = sigmoid, g = tanh; c = f*c + i*g; h = o*tanh(c).
Both states are carried from step to step; hs stacks every h along axis 1, and after the
loop h and c are h_T and c_T. Every update makes new arrays, so h0 and c0 are untouched.
"""

import numpy as np


def _sigmoid(a):
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, z) / (1.0 + z)


def _cell_step(x, h_prev, c_prev, Wx, Wh, b):
    a = x @ Wx + h_prev @ Wh + b  # (N, 4H)
    ai, af, ag, ao = np.split(a, 4, axis=1)
    i, f, g, o = _sigmoid(ai), _sigmoid(af), np.tanh(ag), _sigmoid(ao)
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def lstm_forward(x, h0, c0, Wx, Wh, b):
    h, c = h0, c0
    hs = []
    for t in range(x.shape[1]):
        h, c = _cell_step(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
    return np.stack(hs, axis=1), h, c  # (N, T, H), (N, H), (N, H)
