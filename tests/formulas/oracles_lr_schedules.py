"""PyTorch oracles for reference_impl.formulas.lr_schedules: build the scheduler on a dummy
optimizer, step it as a training loop would, and read the learning rate."""

from __future__ import annotations

import warnings

import torch
from torch.optim import lr_scheduler

from reference_impl.formulas.lr_schedules import PLATEAU_LOSSES


def _optimizer(lr):
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)


def _lr_after(opt, sched, steps):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(steps):
            opt.step()
            sched.step()
    return opt.param_groups[0]["lr"]


def step_decay_lr(lr0, step_size, gamma, epoch):
    opt = _optimizer(lr0)
    return _lr_after(opt, lr_scheduler.StepLR(opt, step_size=step_size, gamma=gamma), epoch)


def cosine_lr(lr_max, lr_min, T, t):
    opt = _optimizer(lr_max)
    return _lr_after(opt, lr_scheduler.CosineAnnealingLR(opt, T_max=T, eta_min=lr_min), t)


def warmup_cosine_lr(peak, start_factor, warmup, total, t):
    opt = _optimizer(peak)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = lr_scheduler.SequentialLR(
            opt,
            [lr_scheduler.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup),
             lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=0.0)],
            milestones=[warmup])
    return _lr_after(opt, sched, t)


def exp_decay_steps_to_fraction(gamma, fraction):
    opt = _optimizer(1.0)
    sched = lr_scheduler.ExponentialLR(opt, gamma=gamma)
    steps = 0
    while opt.param_groups[0]["lr"] > fraction:
        _lr_after(opt, sched, 1)
        steps += 1
    return steps


def plateau_final_lr(patience, factor, lr0=0.1):
    opt = _optimizer(lr0)
    sched = lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=factor, patience=patience)
    for loss in PLATEAU_LOSSES:
        opt.step()
        sched.step(loss)
    return opt.param_groups[0]["lr"]


def cosine_stepped_per_batch(t_max, k):
    opt = _optimizer(0.1)
    return _lr_after(opt, lr_scheduler.CosineAnnealingLR(opt, T_max=t_max), k)


ORACLES = {
    "reference_impl.formulas.lr_schedules.step_decay_lr": step_decay_lr,
    "reference_impl.formulas.lr_schedules.cosine_lr": cosine_lr,
    "reference_impl.formulas.lr_schedules.warmup_cosine_lr": warmup_cosine_lr,
    "reference_impl.formulas.lr_schedules.exp_decay_steps_to_fraction": exp_decay_steps_to_fraction,
    "reference_impl.formulas.lr_schedules.plateau_final_lr": plateau_final_lr,
    "reference_impl.formulas.lr_schedules.cosine_stepped_per_batch": cosine_stepped_per_batch,
}
