"""cos(pi p) without 1/2 (1 + ...): the rate ends at 2 min_lr - base_lr, below zero."""

import math


def cosine_with_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    p = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return min_lr + (base_lr - min_lr) * math.cos(math.pi * p)
