"""2-D convolution (cross-correlation, as in ``F.conv2d``) written as a sum over taps.

Math: out[n, f, i, j] = b[f] + Σ_{c, p, q} x_pad[n, c, s·i + p, s·j + q]·w[f, c, p, q],
with output size ⌊(H + 2·pad − KH)/s⌋ + 1 (Dumoulin & Visin, 2016, "A guide to
convolution arithmetic for deep learning"). Each kernel tap (p, q) contributes one strided
slice of the padded input, contracted with w[:, :, p, q] over channels.
"""

import torch
import torch.nn.functional as F


def conv2d_forward(x, w, b, stride=1, padding=0):
    """Forward pass of a 2-D convolution; same as ``F.conv2d(x, w, b, stride, padding)``.

    Args:
        x: (N, C, H, W) inputs.
        w: (F, C, KH, KW) filters.
        b: (F,) biases.
        stride: Step between output positions (int).
        padding: Zeros added on each side of H and W (int).

    Returns:
        (N, F, OH, OW) outputs with OH = (H + 2·padding − KH) // stride + 1, likewise OW.
    """
    _, _, h, wd = x.shape
    n_filters, _, kh, kw = w.shape
    oh = (h + 2 * padding - kh) // stride + 1
    ow = (wd + 2 * padding - kw) // stride + 1
    x_pad = F.pad(x, (padding, padding, padding, padding))  # (N, C, H + 2p, W + 2p)

    out = b.view(1, n_filters, 1, 1)  # (1, F, 1, 1), broadcast on the first tap
    for p in range(kh):
        for q in range(kw):
            rows = slice(p, p + stride * (oh - 1) + 1, stride)
            cols = slice(q, q + stride * (ow - 1) + 1, stride)
            patch = x_pad[:, :, rows, cols]  # (N, C, OH, OW)
            out = out + torch.einsum("nchw,fc->nfhw", patch, w[:, :, p, q])  # (N, F, OH, OW)
    return out
