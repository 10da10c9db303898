"""Copies clip_grad_norm_: g.mul_(coef) scales the caller's tensors in place."""

import torch

FRAMEWORK = "torch"


def clip_grad_norm(grads, max_norm):
    total = torch.linalg.vector_norm(torch.stack([g.norm() for g in grads]))
    coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)
    for g in grads:
        g.mul_(coef)
    return grads, total
