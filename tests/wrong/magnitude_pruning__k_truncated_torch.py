"""PyTorch: k = int(sparsity * w.numel()), truncated instead of rounded."""

import torch

FRAMEWORK = "torch"


def magnitude_prune(w, sparsity):
    k = int(sparsity * w.numel())
    mask = torch.ones(w.numel(), dtype=torch.bool, device=w.device)
    mask[torch.topk(w.abs().reshape(-1), k, largest=False).indices] = False
    mask = mask.reshape(w.shape)
    return torch.where(mask, w, torch.zeros_like(w)), mask
