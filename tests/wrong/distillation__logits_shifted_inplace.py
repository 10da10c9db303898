"""A log-softmax helper that shifts its argument in place (z -= z.max(...)), called on the raw
student logits: every value is right (softmax ignores the shift), but the caller's logits change."""

import numpy as np


def _log_softmax_inplace(z):
    z -= z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    n = student_logits.shape[0]
    ce = -_log_softmax_inplace(student_logits)[np.arange(n), labels].mean()
    log_p = _log_softmax_inplace(teacher_logits / T)
    log_q = _log_softmax_inplace(student_logits / T)
    kl = (np.exp(log_p) * (log_p - log_q)).sum() / n
    return alpha * T**2 * kl + (1 - alpha) * ce
