"""Returns torch.tensor(lr), whose default dtype is float32: the rate is rounded to 7 digits."""

import math

import torch

FRAMEWORK = "torch"


def cosine_with_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    if step < warmup_steps:
        return torch.tensor(base_lr * (step + 1) / warmup_steps)
    p = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return torch.tensor(min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * p)))
