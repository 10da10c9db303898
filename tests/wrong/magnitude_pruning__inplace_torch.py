"""PyTorch: multiplies w by the mask in place (w.mul_(mask)) and returns it, changing the caller's
tensor."""

import torch

FRAMEWORK = "torch"


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.numel())
    mask = torch.ones(w.numel(), dtype=torch.bool, device=w.device)
    mask[torch.topk(w.abs().reshape(-1), k, largest=False).indices] = False
    mask = mask.reshape(w.shape)
    return w.mul_(mask), mask
