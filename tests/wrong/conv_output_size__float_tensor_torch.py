"""Known-wrong (PyTorch): computes the sizes as float tensors, e.g. tensor(112.)."""

import torch

FRAMEWORK = "torch"


def _pair(v):
    return torch.tensor([v, v] if isinstance(v, int) else list(v), dtype=torch.float64)


def conv2d_output_size(h, w, kernel_size, stride=1, padding=0, dilation=1):
    n = torch.tensor([h, w], dtype=torch.float64)
    k, s, p, d = (_pair(v) for v in (kernel_size, stride, padding, dilation))
    # BUG: float tensors; a size is an integer (rounding_mode="floor" on int tensors, or //)
    out = torch.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1
    return out[0], out[1]
