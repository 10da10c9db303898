"""2-D average pooling (same as F.avg_pool2d, no padding) from Tensor.unfold.

x.unfold(2, k, s).unfold(3, k, s) is a view of shape (N, C, OH, OW, k, k) holding every
k×k window of stride s; the mean over its last two axes is the output. Autograd gives each
input dout/k² from every window that contains it.
"""

FRAMEWORK = "torch"


def avgpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    s = k if stride is None else stride
    windows = x.unfold(2, k, s).unfold(3, k, s)  # (N, C, OH, OW, k, k)
    return windows.mean(dim=(-2, -1))  # (N, C, OH, OW)
