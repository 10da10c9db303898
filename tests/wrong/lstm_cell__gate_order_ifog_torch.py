"""The preactivation chunks are read in the order i, f, o, g instead of PyTorch's i, f, g, o."""

import torch

FRAMEWORK = "torch"


def lstm_cell_forward(x, h_prev, c_prev, Wx, Wh, b):
    a = x @ Wx + h_prev @ Wh + b
    ai, af, ao, ag = a.chunk(4, dim=1)
    i, f, g, o = torch.sigmoid(ai), torch.sigmoid(af), torch.tanh(ag), torch.sigmoid(ao)
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return h, c
