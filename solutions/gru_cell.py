"""One GRU step, as torch.nn.GRUCell (blocks r, z, n; reset gate after the recurrent product).

Both projections are computed once, gx = x Wx + bx and gh = h Wh + bh, each (N, 3H).
The gates add their halves, r = sigmoid(gx_r + gh_r), z = sigmoid(gx_z + gh_z); the
candidate resets the whole recurrent block, bias included, n = tanh(gx_n + r * gh_n);
and z keeps the old state: h' = (1 - z) * n + z * h.
"""

import numpy as np


def _sigmoid(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, e) / (1.0 + e)


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    gx_r, gx_z, gx_n = np.split(x @ Wx + bx, 3, axis=1)  # each (N, H)
    gh_r, gh_z, gh_n = np.split(h_prev @ Wh + bh, 3, axis=1)  # each (N, H)
    r = _sigmoid(gx_r + gh_r)
    z = _sigmoid(gx_z + gh_z)
    n = np.tanh(gx_n + r * gh_n)
    return (1.0 - z) * n + z * h_prev
