"""Known-wrong (PyTorch): the windows are unfolded with step 1 whatever the stride."""

FRAMEWORK = "torch"


def avgpool2d_forward(x, kernel_size=2, stride=None):
    k = kernel_size
    windows = x.unfold(2, k, 1).unfold(3, k, 1)  # BUG: step 1 instead of the stride
    return windows.mean(dim=(-2, -1))
