"""PyTorch: int64 counts divided as tensors give float32 ratios, not float64."""

import torch

FRAMEWORK = "torch"


def precision_recall_f1(y_true, y_pred, positive=1):
    t, p = y_true == positive, y_pred == positive
    tp, n_pred, n_true = (t & p).sum(), p.sum(), t.sum()
    zero = torch.zeros((), device=y_true.device)
    prec = tp / n_pred if n_pred > 0 else zero
    rec = tp / n_true if n_true > 0 else zero
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else zero
    return prec, rec, f1


def confusion_matrix(y_true, y_pred, num_classes):
    flat = y_true * num_classes + y_pred
    return torch.bincount(flat, minlength=num_classes**2).reshape(num_classes, num_classes)
