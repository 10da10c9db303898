"""The reset gate is applied to h before the product: n = tanh(x Wx_n + bx_n + (r * h) Wh_n + bh_n)."""

import torch

FRAMEWORK = "torch"


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    Wx_r, Wx_z, Wx_n = Wx.chunk(3, dim=1)
    Wh_r, Wh_z, Wh_n = Wh.chunk(3, dim=1)
    bx_r, bx_z, bx_n = bx.chunk(3)
    bh_r, bh_z, bh_n = bh.chunk(3)
    r = torch.sigmoid(x @ Wx_r + bx_r + h_prev @ Wh_r + bh_r)
    z = torch.sigmoid(x @ Wx_z + bx_z + h_prev @ Wh_z + bh_z)
    n = torch.tanh(x @ Wx_n + bx_n + (r * h_prev) @ Wh_n + bh_n)
    return (1 - z) * n + z * h_prev
