"""Each tensor is clipped by its own norm (torch.clamp of a per-tensor coefficient)."""

import torch

FRAMEWORK = "torch"


def clip_grad_norm(grads, max_norm):
    total = torch.sqrt(sum((g * g).sum() for g in grads))
    return [g * torch.clamp(max_norm / (g.norm() + 1e-6), max=1.0) for g in grads], total
