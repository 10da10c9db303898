"""Every step starts from c0: the cell state is not carried from step to step."""

import torch

FRAMEWORK = "torch"


def lstm_forward(x, h0, c0, Wx, Wh, b):
    h, hs = h0, []
    for t in range(x.shape[1]):
        i, f, g, o = (x[:, t] @ Wx + h @ Wh + b).chunk(4, dim=1)
        c = torch.sigmoid(f) * c0 + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        hs.append(h)
    return torch.stack(hs, dim=1), h, c
