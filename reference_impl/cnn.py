"""2-D convolution (cross-correlation, as in ``F.conv2d``) written as a sum over taps, its
output size, and 2-D max and average pooling.

Math: out[n, f, i, j] = b[f] + Σ_{c, p, q} x_pad[n, c, s·i + p, s·j + q]·w[f, c, p, q],
with output size ⌊(H + 2·pad − KH)/s⌋ + 1 (Dumoulin & Visin, 2016, "A guide to
convolution arithmetic for deep learning"). Each kernel tap (p, q) contributes one strided
slice of the padded input, contracted with w[:, :, p, q] over channels.

With dilation d a window of k taps spans d·(k − 1) + 1 input positions, so an axis of
length n gives ⌊(n + 2·pad − d·(k − 1) − 1)/s⌋ + 1 outputs (``conv2d_output_size``).
Pooling takes the maximum or the mean of each k×k window, windows s apart (s = k unless
given), with no padding: out[n, c, i, j] = max / mean_{p, q < k} x[n, c, s·i + p, s·j + q].
"""

import torch
import torch.nn.functional as F

__all__ = ["avgpool2d_forward", "conv2d_forward", "conv2d_output_size", "maxpool2d_forward"]


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


def _pair(v):
    """An int or an (h, w) pair -> (h, w)."""
    return (int(v), int(v)) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    """Output (height, width) of ``nn.Conv2d`` on an h×w input; Python ints.

    Each of kernel_size, stride, padding, dilation is an int or an (h, w) pair.
    Along one axis: out = ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1.
    """
    sizes = zip((h, w), _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation))
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, s, p, d in sizes)


def _windows(x, kernel_size, stride):
    """(N, C, H, W) -> (N, C, OH, OW, k·k): every k×k window, windows `stride` apart."""
    k, s = kernel_size, kernel_size if stride is None else stride
    win = x.unfold(2, k, s).unfold(3, k, s)  # (N, C, OH, OW, k, k), a view of x
    return win.flatten(-2)  # (N, C, OH, OW, k·k)


def maxpool2d_forward(x, kernel_size=2, stride=None):
    """Same as ``F.max_pool2d(x, kernel_size, stride)``: the maximum of each window.

    The gradient (autograd through ``max``) goes to the one position that held the maximum,
    and accumulates where overlapping windows (stride < kernel_size) share that position.
    """
    return _windows(x, kernel_size, stride).max(dim=-1).values  # (N, C, OH, OW)


def avgpool2d_forward(x, kernel_size=2, stride=None):
    """Same as ``F.avg_pool2d(x, kernel_size, stride)`` (no padding): the mean of each window.

    Each input receives dout / k² from every window that contains it.
    """
    return _windows(x, kernel_size, stride).mean(dim=-1)  # (N, C, OH, OW)
