"""Learning-rate schedules: step, exponential and cosine decay, linear warm-up, plateau.

The formulas follow the PyTorch documentation of `torch.optim.lr_scheduler` (StepLR,
ExponentialLR, CosineAnnealingLR, LinearLR, SequentialLR, ReduceLROnPlateau), with the
scheduler stepped once per epoch, so that during epoch t (counted from 0) it has been
stepped t times. Cosine annealing is from Loshchilov & Hutter, "SGDR: Stochastic Gradient
Descent with Warm Restarts", 2017; linear warm-up from Goyal et al., "Accurate, Large
Minibatch SGD: Training ImageNet in 1 Hour", 2017.
"""

from __future__ import annotations

import math

#: Validation losses of the plateau question, epoch 0 first.
PLATEAU_LOSSES = (1.00, 0.80, 0.70, 0.72, 0.71, 0.69, 0.70, 0.71, 0.72, 0.73, 0.66, 0.67)


def step_decay_lr(lr0: float, step_size: int, gamma: float, epoch: int) -> dict:
    """StepLR: lr0 · gamma^⌊epoch / step_size⌋."""
    if step_size < 1 or epoch < 0 or not 0 < gamma < 1:
        raise ValueError("need step_size >= 1, epoch >= 0 and 0 < gamma < 1")
    drops = epoch // step_size
    return {"answer": lr0 * gamma ** drops, "drops": drops}


def cosine_lr(lr_max: float, lr_min: float, T: int, t: int) -> float:
    """CosineAnnealingLR without restarts: lr_min + (lr_max − lr_min)(1 + cos(πt/T))/2."""
    if not 0 <= t <= T or lr_min >= lr_max:
        raise ValueError("need 0 <= t <= T and lr_min < lr_max")
    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2


def warmup_cosine_lr(peak: float, start_factor: float, warmup: int, total: int, t: int) -> dict:
    """Linear warm-up from start_factor·peak to peak over `warmup` epochs, then cosine
    decay from peak to 0 over the remaining `total − warmup` epochs."""
    if not 0 < start_factor <= 1 or not 0 < warmup < total or not 0 <= t <= total:
        raise ValueError("need 0 < start_factor <= 1, 0 < warmup < total, 0 <= t <= total")
    if t < warmup:
        return {"answer": peak * (start_factor + (1 - start_factor) * t / warmup), "phase": "warm-up"}
    progress = (t - warmup) / (total - warmup)
    return {"answer": peak * (1 + math.cos(math.pi * progress)) / 2, "phase": "cosine"}


def exp_decay_steps_to_fraction(gamma: float, fraction: float) -> dict:
    """ExponentialLR: the smallest t with gamma^t <= fraction, i.e. ⌈ln(fraction)/ln(gamma)⌉."""
    if not 0 < gamma < 1 or not 0 < fraction < 1:
        raise ValueError("need 0 < gamma < 1 and 0 < fraction < 1")
    ratio = math.log(fraction) / math.log(gamma)
    t = math.ceil(ratio)
    while gamma ** t > fraction:  # guard against rounding at an exact power
        t += 1
    while t > 0 and gamma ** (t - 1) <= fraction:
        t -= 1
    return {"answer": t, "ratio": round(ratio, 2)}


def plateau_final_lr(patience: int, factor: float, lr0: float = 0.1) -> dict:
    """ReduceLROnPlateau(mode='min', cooldown=0) fed PLATEAU_LOSSES: an epoch without a new
    best adds one bad epoch; when the count exceeds `patience`, lr *= factor and the count
    restarts at 0. Returns the rate after the last epoch and the epochs of the cuts."""
    if patience < 0 or not 0 < factor < 1:
        raise ValueError("need patience >= 0 and 0 < factor < 1")
    lr, best, bad, cuts = lr0, math.inf, 0, []
    for epoch, loss in enumerate(PLATEAU_LOSSES):
        if loss < best:
            best, bad = loss, 0
        else:
            bad += 1
        if bad > patience:
            lr *= factor
            bad = 0
            cuts.append(epoch)
    return {"answer": lr, "cuts": ", ".join(map(str, cuts)) if cuts else "—", "n_cuts": len(cuts)}


def cosine_stepped_per_batch(t_max: int, k: int) -> dict:
    """Learning rate of CosineAnnealingLR(lr=0.1, T_max=t_max, eta_min=0) after k step() calls.

    The closed form 0.05·(1 + cos(πk/T_max)) holds past T_max as well: the rate climbs back.
    """
    return {"answer": 0.05 * (1 + math.cos(math.pi * k / t_max)), "periods": round(k / t_max, 4)}
