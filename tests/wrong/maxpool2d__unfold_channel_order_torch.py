"""Known-wrong (PyTorch): reads the rows of F.unfold as (k·k, C) when they are (C, k·k)."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def maxpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    s = k if stride is None else stride
    n, c, h, w = x.shape
    oh, ow = (h - k) // s + 1, (w - k) // s + 1
    cols = F.unfold(x, k, stride=s)  # (N, C·k·k, OH·OW), channel-major rows
    # BUG: the C·k·k rows are split as (k·k, C); the right split is (C, k·k)
    return cols.view(n, k * k, c, oh, ow).amax(dim=1)
