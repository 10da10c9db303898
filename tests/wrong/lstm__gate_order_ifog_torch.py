"""The gate chunks are read in the order i, f, o, g instead of PyTorch's i, f, g, o."""

import torch

FRAMEWORK = "torch"


def lstm_forward(x, h0, c0, Wx, Wh, b):
    h, c, hs = h0, c0, []
    for t in range(x.shape[1]):
        i, f, o, g = (x[:, t] @ Wx + h @ Wh + b).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        hs.append(h)
    return torch.stack(hs, dim=1), h, c
