"""Warmup base_lr * step / warmup_steps (Hugging Face's convention), in tensor ops."""

import math

import torch

FRAMEWORK = "torch"


def cosine_with_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    s = torch.tensor(float(step), dtype=torch.float64)
    if step < warmup_steps:
        return base_lr * s / warmup_steps
    p = torch.clamp((s - warmup_steps) / max(1, total_steps - warmup_steps), max=1.0)
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + torch.cos(math.pi * p))
