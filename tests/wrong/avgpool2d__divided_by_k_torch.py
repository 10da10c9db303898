"""Known-wrong (PyTorch): divides each window's sum by k instead of by the k² inputs it holds."""

FRAMEWORK = "torch"


def avgpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    s = k if stride is None else stride
    windows = x.unfold(2, k, s).unfold(3, k, s)  # (N, C, OH, OW, k, k)
    return windows.sum(dim=(-2, -1)) / k  # BUG: a window holds k*k inputs
