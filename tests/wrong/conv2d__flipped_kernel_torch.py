"""Flips the kernel (true convolution) instead of cross-correlating as F.conv2d does."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def conv2d_forward(x, w, b, stride=1, padding=0):
    n, _, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh = (h + 2 * padding - kh) // stride + 1
    ow = (wd + 2 * padding - kw) // stride + 1
    cols = F.unfold(x, (kh, kw), padding=padding, stride=stride)  # (N, C*KH*KW, OH*OW)
    out = w.flip(2, 3).reshape(f, -1) @ cols + b.reshape(1, f, 1)
    return out.reshape(n, f, oh, ow)
