"""A vanilla tanh RNN over a sequence in PyTorch: h_t = tanh(x_t Wx + h_{t-1} Wh + b).

The loop builds the graph step by step, and autograd backpropagates through time on it:
nothing is detached, so the gradient of every h_t flows into all the earlier steps and h0.
The states are collected in a list and stacked at the end (no in-place writes into a
preallocated tensor, which autograd would have to version-track).
"""

import torch

FRAMEWORK = "torch"


def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    hs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)  # (N, H)
        hs.append(h)
    return torch.stack(hs, dim=1)  # (N, T, H)
