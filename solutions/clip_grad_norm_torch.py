"""Gradient clipping by global L2 norm on tensors, matching torch.nn.utils.clip_grad_norm_.

One norm over all tensors (the norm of the per-tensor norms), one coefficient
max_norm / (total + 1e-6) clamped at 1 for all of them. Unlike clip_grad_norm_, which
scales .grad in place, this returns new tensors (g * coef) on the inputs' device and
leaves the caller's tensors as they were.
"""

import torch

FRAMEWORK = "torch"


def clip_grad_norm(grads, max_norm):
    norms = torch.stack([torch.linalg.vector_norm(g) for g in grads])  # (k,)
    total_norm = torch.linalg.vector_norm(norms)
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * coef for g in grads], total_norm
