"""PyTorch: the soft term is taken as a float with .item() (for logging) and that float is added
to the loss: the value is right, but only the cross-entropy's gradient reaches the student."""

import torch

FRAMEWORK = "torch"


def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    n = student_logits.shape[0]
    log_p = torch.log_softmax(teacher_logits / T, dim=1)
    log_q = torch.log_softmax(student_logits / T, dim=1)
    kd = ((log_p.exp() * (log_p - log_q)).sum() / n).item()
    ce = -torch.log_softmax(student_logits, dim=1)[torch.arange(n, device=labels.device), labels].mean()
    return alpha * T**2 * kd + (1 - alpha) * ce
