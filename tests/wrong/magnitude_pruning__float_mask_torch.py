"""PyTorch: the mask as torch.nn.utils.prune stores it, 0./1. floats, instead of a bool tensor."""

import torch

FRAMEWORK = "torch"


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.numel())
    mask = torch.ones_like(w)
    idx = torch.topk(w.abs().reshape(-1), k, largest=False).indices
    mask.view(-1)[idx] = 0.0
    return w * mask, mask
