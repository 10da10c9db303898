"""The hard-label cross-entropy computed on the softened logits s/T (reusing log q) instead of s."""

import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    n = student_logits.shape[0]
    log_p = _log_softmax(teacher_logits / T)
    log_q = _log_softmax(student_logits / T)
    kl = (np.exp(log_p) * (log_p - log_q)).sum() / n
    ce = -log_q[np.arange(n), labels].mean()
    return alpha * T**2 * kl + (1 - alpha) * ce
