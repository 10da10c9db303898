"""Detaches the hidden state at every step (a truncated-BPTT habit): no gradient travels back in time."""

import torch

FRAMEWORK = "torch"


def rnn_forward(x, h0, Wx, Wh, b):
    h, hs = h0, []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h.detach() @ Wh + b)
        hs.append(h)
    return torch.stack(hs, dim=1)
