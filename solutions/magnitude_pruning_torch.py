"""Global magnitude pruning, PyTorch, from scratch (no torch.nn.utils.prune).

k = round(sparsity · n) with Python's round; `torch.topk(..., largest=False)` finds the k
smallest magnitudes of the flattened tensor. The mask is a torch.bool tensor on w's device,
True where kept (prune itself keeps a float mask; the contract asks for booleans).
"""

import torch

FRAMEWORK = "torch"


def magnitude_prune(w, sparsity):
    k = round(sparsity * w.numel())
    smallest = torch.topk(w.abs().reshape(-1), k, largest=False).indices
    mask = torch.ones(w.numel(), dtype=torch.bool, device=w.device)
    mask[smallest] = False
    mask = mask.reshape(w.shape)
    return torch.where(mask, w, torch.zeros_like(w)), mask
