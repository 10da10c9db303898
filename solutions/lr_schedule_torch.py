"""Cosine learning-rate schedule with linear warmup, written with float64 tensor ops.

The arguments are Python numbers, so there is no device to follow; the rate is returned
as a 0-d float64 tensor (a Python float would do as well). Warmup is base_lr * (step + 1)
/ warmup_steps; then p = clamp((step - W) / max(1, total - W), max=1) and
lr = min_lr + (base_lr - min_lr) * (1 + cos(pi p)) / 2, which stays at min_lr after
total_steps.
"""

import math

import torch

FRAMEWORK = "torch"


def cosine_with_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    if step < warmup_steps:
        return torch.tensor(base_lr * (step + 1) / warmup_steps, dtype=torch.float64)
    span = max(1, total_steps - warmup_steps)
    p = torch.clamp(torch.tensor((step - warmup_steps) / span, dtype=torch.float64), max=1.0)
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + torch.cos(math.pi * p))
