"""The recurrence starts from zeros instead of the given h0."""

import torch

FRAMEWORK = "torch"


def rnn_forward(x, h0, Wx, Wh, b):
    h, hs = torch.zeros_like(h0), []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return torch.stack(hs, dim=1)
