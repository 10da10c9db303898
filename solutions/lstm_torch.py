"""An LSTM over a sequence in PyTorch (as nn.LSTM with batch_first=True).

The cell (gate chunks i, f, g, o) is applied at every step and both states are carried
without detaching, so autograd can backpropagate through time into every earlier step,
h0 and c0. The hidden states are collected in a list and stacked along dim 1.
"""

import torch

FRAMEWORK = "torch"


def _cell_step(x, h_prev, c_prev, Wx, Wh, b):
    ai, af, ag, ao = (x @ Wx + h_prev @ Wh + b).chunk(4, dim=1)  # each (N, H)
    i, f, g, o = torch.sigmoid(ai), torch.sigmoid(af), torch.tanh(ag), torch.sigmoid(ao)
    c = f * c_prev + i * g
    return o * torch.tanh(c), c


def lstm_forward(x, h0, c0, Wx, Wh, b):
    h, c = h0, c0
    hs = []
    for t in range(x.shape[1]):
        h, c = _cell_step(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
    return torch.stack(hs, dim=1), h, c  # (N, T, H), (N, H), (N, H)
