"""Classic mistakes in optimizers and the training loop, written as code.

Each function has the signature of the task function it explains (`rmsprop_step`,
`adamw_step`, `minibatch_gd`, `cosine_with_warmup`, `clip_grad_norm`, `early_stopping`)
and computes what the bug computes. The right formulas are in `reference_impl.optimizers`
and `reference_impl.training`:

    RMSprop  s ← α·s + (1 − α)·g²;  w ← w − lr·g/(√s + ε)
    AdamW    w ← w·(1 − lr·λ) − lr·m̂/(√v̂ + ε), m and v averaging the raw gradient
"""

import math

import torch

from reference_impl import training

__all__ = [
    "rmsprop_step_eps_inside_sqrt",
    "rmsprop_step_alpha_swapped",
    "adamw_step_l2_in_gradient",
    "adamw_step_decay_in_adaptive_step",
    "adamw_step_decay_after_update",
    "adamw_step_decay_without_lr",
    "adamw_step_no_bias_correction",
    "adamw_step_eps_inside_sqrt",
    "minibatch_gd_drop_last",
    "minibatch_gd_divided_by_batch_size",
    "minibatch_gd_loss_after_update",
    "minibatch_gd_perms_ignored",
    "cosine_with_warmup_step_over_warmup",
    "cosine_with_warmup_no_half_one_plus",
    "cosine_with_warmup_p_not_clamped",
    "cosine_with_warmup_min_lr_ignored",
    "cosine_with_warmup_progress_from_zero",
    "clip_grad_norm_per_tensor",
    "clip_grad_norm_no_eps",
    "clip_grad_norm_scales_up",
    "early_stopping_improves_on_tie",
    "early_stopping_best_without_min_delta",
    "early_stopping_stops_one_late",
    "early_stopping_best_after_stop",
    "early_stopping_against_previous",
    "early_stopping_one_based",
    "early_stopping_best_is_argmin",
]


# ------------------------------------------------------------------------ RMSprop
def rmsprop_step_eps_inside_sqrt(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    """ε under the square root: w ← w − lr·g/√(s + ε)."""
    s_new = alpha * s + (1 - alpha) * dw * dw
    return w - lr * dw / (s_new + eps).sqrt(), s_new


def rmsprop_step_alpha_swapped(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    """α weighs the new g² instead of the old average: s ← (1 − α)·s + α·g²."""
    s_new = (1 - alpha) * s + alpha * dw * dw
    return w - lr * dw / (s_new.sqrt() + eps), s_new


# ------------------------------------------------------------------------ AdamW
def _adam(w, g, m, v, t, lr, beta1, beta2, eps, *, correct=True, eps_inside=False,
          extra=None):
    """(Adam's step lr·m̂/(√v̂ + ε), m, v) for the gradient g; `extra` joins m̂ in the
    numerator of the adaptive fraction."""
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1**t) if correct else m_new
    v_hat = v_new / (1 - beta2**t) if correct else v_new
    denom = (v_hat + eps).sqrt() if eps_inside else v_hat.sqrt() + eps
    numer = m_hat if extra is None else m_hat + extra
    return lr * numer / denom, m_new, v_new


def adamw_step_l2_in_gradient(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                              weight_decay=0.01):
    """Adam's L2 decay: λ·w added to the gradient, so it enters m and v."""
    step, m_new, v_new = _adam(w, dw + weight_decay * w, m, v, t, lr, beta1, beta2, eps)
    return w - step, m_new, v_new


def adamw_step_decay_in_adaptive_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                                      eps=1e-8, weight_decay=0.01):
    """The decay divided by the adaptive denominator: w ← w − lr·(m̂ + λw)/(√v̂ + ε)."""
    step, m_new, v_new = _adam(w, dw, m, v, t, lr, beta1, beta2, eps, extra=weight_decay * w)
    return w - step, m_new, v_new


def adamw_step_decay_after_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                                  weight_decay=0.01):
    """The decay applied after the Adam step, to the new weights: (w − step)·(1 − lr·λ)."""
    step, m_new, v_new = _adam(w, dw, m, v, t, lr, beta1, beta2, eps)
    return (w - step) * (1 - lr * weight_decay), m_new, v_new


def adamw_step_decay_without_lr(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                                weight_decay=0.01):
    """The decay not scaled by the learning rate: w ← w·(1 − λ) − step."""
    step, m_new, v_new = _adam(w, dw, m, v, t, lr, beta1, beta2, eps)
    return w * (1 - weight_decay) - step, m_new, v_new


def adamw_step_no_bias_correction(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                                  weight_decay=0.01):
    """m and v used without dividing by 1 − β^t."""
    step, m_new, v_new = _adam(w, dw, m, v, t, lr, beta1, beta2, eps, correct=False)
    return w * (1 - lr * weight_decay) - step, m_new, v_new


def adamw_step_eps_inside_sqrt(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                               weight_decay=0.01):
    """ε under the square root: m̂/√(v̂ + ε)."""
    step, m_new, v_new = _adam(w, dw, m, v, t, lr, beta1, beta2, eps, eps_inside=True)
    return w * (1 - lr * weight_decay) - step, m_new, v_new


# ------------------------------------------------------------------------ mini-batch GD
def _minibatch(X, y, w0, lr, batch_size, epochs, perms, *, drop_last=False, divide_by=None,
               loss_after=False, ordered=False):
    n = X.shape[0]
    w, losses = w0.clone(), []
    stop = n - n % batch_size if drop_last else n
    for epoch in range(epochs):
        order = torch.arange(n, device=X.device) if ordered else perms[epoch]
        for start in range(0, stop, batch_size):
            idx = order[start:start + batch_size]
            Xb, yb = X[idx], y[idx]  # (B, D), (B,)
            r = Xb @ w - yb
            w = w - lr * (2.0 / (divide_by or idx.shape[0])) * (Xb.T @ r)
            r_loss = Xb @ w - yb if loss_after else r
            losses.append((r_loss * r_loss).mean())
    return w, tuple(losses)


def minibatch_gd_drop_last(X, y, w0, lr, batch_size, epochs, perms):
    """The last short batch of each epoch skipped (`range(N // batch_size)` batches)."""
    return _minibatch(X, y, w0, lr, batch_size, epochs, perms, drop_last=True)


def minibatch_gd_divided_by_batch_size(X, y, w0, lr, batch_size, epochs, perms):
    """The gradient divided by `batch_size` even for the last, shorter batch."""
    return _minibatch(X, y, w0, lr, batch_size, epochs, perms, divide_by=batch_size)


def minibatch_gd_loss_after_update(X, y, w0, lr, batch_size, epochs, perms):
    """Each batch's loss recorded with the weights after its update."""
    return _minibatch(X, y, w0, lr, batch_size, epochs, perms, loss_after=True)


def minibatch_gd_perms_ignored(X, y, w0, lr, batch_size, epochs, perms):
    """The samples taken in their stored order 0, 1, …, N − 1 every epoch."""
    return _minibatch(X, y, w0, lr, batch_size, epochs, perms, ordered=True)


# ------------------------------------------------------------------------ cosine schedule
def _cosine(step, total_steps, base_lr, warmup_steps, min_lr, *, ramp=None, clamp=True,
            from_zero=False, half=True):
    if step < warmup_steps:
        return base_lr * (ramp or (step + 1)) / warmup_steps
    start = 0 if from_zero else warmup_steps
    p = (step - start) / max(1, total_steps - start)
    p = min(1.0, p) if clamp else p
    if not half:
        return min_lr + (base_lr - min_lr) * math.cos(math.pi * p)
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * p))


def cosine_with_warmup_step_over_warmup(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    """Warmup base·step/W: 0 at step 0, reaching base only at step W."""
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    return _cosine(step, total_steps, base_lr, warmup_steps, min_lr)


def cosine_with_warmup_no_half_one_plus(step, total_steps, base_lr, warmup_steps=0,
                                        min_lr=0.0):
    """cos(πp) without ½(1 + …): min + (base − min)·cos(πp), which ends at 2·min − base."""
    return _cosine(step, total_steps, base_lr, warmup_steps, min_lr, half=False)


def cosine_with_warmup_p_not_clamped(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    """p not clamped at 1: past total_steps the cosine climbs back towards base_lr."""
    return _cosine(step, total_steps, base_lr, warmup_steps, min_lr, clamp=False)


def cosine_with_warmup_min_lr_ignored(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):
    """The cosine decays to 0 whatever min_lr is."""
    return _cosine(step, total_steps, base_lr, warmup_steps, 0.0)


def cosine_with_warmup_progress_from_zero(step, total_steps, base_lr, warmup_steps=0,
                                          min_lr=0.0):
    """p counted from step 0, p = step/total_steps, so the cosine starts below base_lr."""
    return _cosine(step, total_steps, base_lr, warmup_steps, min_lr, from_zero=True)


# ------------------------------------------------------------------------ gradient clipping
def clip_grad_norm_per_tensor(grads, max_norm):
    """Each tensor clipped by its own norm; total_norm still the joint norm."""
    _, total = training.clip_grad_norm(grads, max_norm)
    return tuple(g * torch.clamp(max_norm / (g.norm() + 1e-6), max=1.0) for g in grads), total


def clip_grad_norm_no_eps(grads, max_norm):
    """Coefficient max_norm/total_norm, without the 1e-6."""
    total = torch.sqrt(sum((g * g).sum() for g in grads))
    coef = torch.clamp(max_norm / total, max=1.0)
    return tuple(g * coef for g in grads), total


def clip_grad_norm_scales_up(grads, max_norm):
    """The coefficient applied even above 1: every norm set to max_norm, small ones scaled up."""
    total = torch.sqrt(sum((g * g).sum() for g in grads))
    return tuple(g * (max_norm / (total + 1e-6)) for g in grads), total


# ------------------------------------------------------------------------ early stopping
def _early(val_losses, patience, min_delta, *, tie=False, best_always=False, late=False,
           to_the_end=False, previous=False):
    best, best_epoch, wait, stop = math.inf, 0, 0, None
    last_best = math.inf
    for epoch, loss in enumerate(val_losses):
        loss = float(loss)
        ref = last_best if previous else best
        better = loss <= ref - min_delta if tie else loss < ref - min_delta
        last_best = loss
        if better:
            if stop is None or to_the_end:
                best_epoch = epoch
            best, wait = loss, 0
        else:
            if best_always and loss < best:
                best = loss
            wait += 1
            if stop is None and (wait > patience if late else wait >= patience):
                stop = epoch
                if not to_the_end:
                    break
    return (len(val_losses) - 1 if stop is None else stop), best_epoch


def early_stopping_improves_on_tie(val_losses, patience, min_delta=0.0):
    """loss ≤ best − min_delta counts as an improvement (a tie improves)."""
    return _early(val_losses, patience, min_delta, tie=True)


def early_stopping_best_without_min_delta(val_losses, patience, min_delta=0.0):
    """best lowered by every lower loss, even one that is no improvement by min_delta."""
    return _early(val_losses, patience, min_delta, best_always=True)


def early_stopping_stops_one_late(val_losses, patience, min_delta=0.0):
    """Stops when the count exceeds patience (wait > patience): one epoch late."""
    return _early(val_losses, patience, min_delta, late=True)


def early_stopping_best_after_stop(val_losses, patience, min_delta=0.0):
    """best_epoch taken over every epoch, also those after stop_epoch."""
    return _early(val_losses, patience, min_delta, to_the_end=True)


def early_stopping_against_previous(val_losses, patience, min_delta=0.0):
    """Each loss compared with the previous epoch's loss instead of the best so far."""
    return _early(val_losses, patience, min_delta, previous=True)


def early_stopping_one_based(val_losses, patience, min_delta=0.0):
    """Epochs counted from 1, as in Keras' log lines ("Epoch 5: early stopping")."""
    stop, best = training.early_stopping(val_losses, patience, min_delta)
    return stop + 1, best + 1


def early_stopping_best_is_argmin(val_losses, patience, min_delta=0.0):
    """best_epoch = the epoch of the lowest loss up to the stop, though with min_delta > 0 a
    small gain is no improvement and its weights are never saved."""
    stop, _ = training.early_stopping(val_losses, patience, min_delta)
    losses = [float(v) for v in val_losses][:stop + 1]
    return stop, losses.index(min(losses))
