"""2-D max pooling (same as F.max_pool2d, no padding) from Tensor.unfold.

x.unfold(2, k, s).unfold(3, k, s) is a view of shape (N, C, OH, OW, k, k) holding every
k×k window of stride s; the maximum over its last two axes is the output. Autograd sends
each output's gradient to the element that held the maximum, and adds up the gradients of
an element shared by overlapping windows.
"""

FRAMEWORK = "torch"


def maxpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    s = k if stride is None else stride
    windows = x.unfold(2, k, s).unfold(3, k, s)  # (N, C, OH, OW, k, k)
    return windows.amax(dim=(-2, -1))  # (N, C, OH, OW)
