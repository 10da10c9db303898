"""Detaches h_prev and c_prev (a truncated-BPTT habit), so no gradient flows to the previous state."""

import torch

FRAMEWORK = "torch"


def lstm_cell_forward(x, h_prev, c_prev, Wx, Wh, b):
    h_prev, c_prev = h_prev.detach(), c_prev.detach()
    a = x @ Wx + h_prev @ Wh + b
    ai, af, ag, ao = a.chunk(4, dim=1)
    i, f, g, o = torch.sigmoid(ai), torch.sigmoid(af), torch.tanh(ag), torch.sigmoid(ao)
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return h, c
