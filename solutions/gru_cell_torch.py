"""One GRU step in PyTorch, as torch.nn.GRUCell (blocks r, z, n).

r = sigmoid(gx_r + gh_r), z = sigmoid(gx_z + gh_z), n = tanh(gx_n + r * gh_n) with
gx = x Wx + bx and gh = h Wh + bh: the reset gate scales the recurrent product and its bias.
h' = (1 - z) * n + z * h. Every op is differentiable, so autograd gives the gradients.
"""

import torch

FRAMEWORK = "torch"


def gru_cell_forward(x, h_prev, Wx, Wh, bx, bh):
    gx_r, gx_z, gx_n = (x @ Wx + bx).chunk(3, dim=1)  # each (N, H)
    gh_r, gh_z, gh_n = (h_prev @ Wh + bh).chunk(3, dim=1)  # each (N, H)
    r = torch.sigmoid(gx_r + gh_r)
    z = torch.sigmoid(gx_z + gh_z)
    n = torch.tanh(gx_n + r * gh_n)
    return (1 - z) * n + z * h_prev
