"""Hinton et al.'s knowledge-distillation loss, NumPy.

L = α·T²·KL(p ‖ q) + (1 − α)·CE(s, y), with p = softmax(t/T) (teacher), q = softmax(s/T)
(student), the KL summed over classes and averaged over the batch, and the cross-entropy on
the raw student logits. Everything goes through a stable log-softmax; T² keeps the soft
term's gradient, which scales like 1/T², comparable to the hard term's.
"""

import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    n = student_logits.shape[0]
    log_p = _log_softmax(teacher_logits / T)              # (N, C) soft targets
    log_q = _log_softmax(student_logits / T)              # (N, C) softened student
    kl = (np.exp(log_p) * (log_p - log_q)).sum() / n      # batchmean
    ce = -_log_softmax(student_logits)[np.arange(n), labels].mean()
    return alpha * T ** 2 * kl + (1 - alpha) * ce
