"""Known-wrong (PyTorch): stride=None is read as stride 1 instead of stride = kernel_size."""

FRAMEWORK = "torch"


def avgpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    s = stride or 1  # BUG: F.avg_pool2d's default stride is kernel_size
    windows = x.unfold(2, k, s).unfold(3, k, s)  # (N, C, OH, OW, k, k)
    return windows.mean(dim=(-2, -1))
