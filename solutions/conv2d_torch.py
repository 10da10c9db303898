"""2-D cross-correlation (same as F.conv2d) built from F.unfold, i.e. im2col.

F.unfold turns the zero-padded input into columns of shape (N, C*KH*KW, OH*OW), one
column per output position (taken with the given stride); a matrix product with the
flattened kernels (F, C*KH*KW) plus the bias gives the output. Autograd does backward.
"""

import torch.nn.functional as F

FRAMEWORK = "torch"


def conv2d_forward(x, w, b, stride=1, padding=0):
    n, _, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh = (h + 2 * padding - kh) // stride + 1
    ow = (wd + 2 * padding - kw) // stride + 1
    cols = F.unfold(x, (kh, kw), padding=padding, stride=stride)  # (N, C*KH*KW, OH*OW)
    out = w.reshape(f, -1) @ cols + b.reshape(1, f, 1)
    return out.reshape(n, f, oh, ow)
