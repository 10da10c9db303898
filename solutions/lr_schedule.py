"""Cosine learning-rate schedule with linear warmup, for a 0-based step.

Warmup uses (step + 1) / warmup_steps, so step 0 already trains at base_lr / W and step
W - 1 reaches base_lr. After warmup the progress p runs from 0 at step W to 1 at
total_steps (the max(1, .) guards total_steps == warmup_steps) and is clamped at 1, so the
rate min_lr + (base_lr - min_lr) * (1 + cos(pi p)) / 2 stays at min_lr afterwards instead
of climbing back up the cosine.
"""

import math


def cosine_with_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    p = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * p))
