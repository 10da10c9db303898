"""Copies h_prev with .clone().detach() "to leave the input untouched": right values, no gradient to h_prev."""

import torch

FRAMEWORK = "torch"


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    h = h_prev.clone().detach()
    gx_r, gx_z, gx_n = (x @ Wx + bx).chunk(3, dim=1)
    gh_r, gh_z, gh_n = (h @ Wh + bh).chunk(3, dim=1)
    r = torch.sigmoid(gx_r + gh_r)
    z = torch.sigmoid(gx_z + gh_z)
    n = torch.tanh(gx_n + r * gh_n)
    return (1 - z) * n + z * h
