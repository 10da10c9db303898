"""Hinton et al.'s knowledge-distillation loss, PyTorch, from scratch (no F.kl_div, no
F.cross_entropy).

A log-softmax by the log-sum-exp shift, used on t/T, s/T and s; the KL(p ‖ q) is summed over
classes and divided by N; the loss is a 0-d tensor in the graph, so autograd gives its
gradient with respect to the student's logits. The teacher is detached: it is a constant.
"""

import torch

FRAMEWORK = "torch"


def _log_softmax(z):
    shifted = z - z.max(dim=1, keepdim=True).values
    return shifted - shifted.exp().sum(dim=1, keepdim=True).log()


def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    n = student_logits.shape[0]
    log_p = _log_softmax(teacher_logits.detach() / T)
    log_q = _log_softmax(student_logits / T)
    kl = (log_p.exp() * (log_p - log_q)).sum() / n
    rows = torch.arange(n, device=student_logits.device)
    ce = -_log_softmax(student_logits)[rows, labels].mean()
    return alpha * T ** 2 * kl + (1 - alpha) * ce
