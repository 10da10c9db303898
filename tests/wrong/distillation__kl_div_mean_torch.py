"""PyTorch: F.kl_div(..., reduction="mean"), which averages over all N·C entries, not over the
batch ("batchmean"): the soft term is C times too small."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def distillation_loss(student_logits, teacher_logits, labels, T=2.0, alpha=0.5):
    kl = F.kl_div(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1),
                  reduction="mean")
    return alpha * T**2 * kl + (1 - alpha) * F.cross_entropy(student_logits, labels)
