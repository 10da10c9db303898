"""The cosine's progress is counted from step 0, p = step / total_steps, not from the end of warmup."""

import math


def cosine_with_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    p = min(1.0, step / max(1, total_steps))
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * p))
