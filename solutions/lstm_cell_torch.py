"""One LSTM cell step in PyTorch (gate order i, f, g, o, as nn.LSTMCell).

The stacked preactivation x Wx + h_prev Wh + b is chunked into four H-wide blocks;
i, f, o go through a sigmoid and g through tanh; c = f * c_prev + i * g and
h = o * tanh(c). Every op is differentiable, so autograd supplies the backward pass.
"""

import torch

FRAMEWORK = "torch"


def lstm_cell_forward(x, h_prev, c_prev, Wx, Wh, b):
    a = x @ Wx + h_prev @ Wh + b
    ai, af, ag, ao = a.chunk(4, dim=1)
    i, f, g, o = torch.sigmoid(ai), torch.sigmoid(af), torch.tanh(ag), torch.sigmoid(ao)
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return h, c
