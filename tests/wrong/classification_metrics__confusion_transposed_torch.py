"""PyTorch: the confusion matrix counts bincount(pred·C + true), rows predicted."""

import torch

FRAMEWORK = "torch"


def _ratio(num, den):
    return num / den if den > 0 else 0.0


def precision_recall_f1(y_true, y_pred, positive=1):
    t, p = y_true == positive, y_pred == positive
    tp = (t & p).sum().item()
    prec, rec = _ratio(tp, p.sum().item()), _ratio(tp, t.sum().item())
    return float(prec), float(rec), float(_ratio(2 * prec * rec, prec + rec))


def confusion_matrix(y_true, y_pred, num_classes):
    flat = y_pred * num_classes + y_true
    return torch.bincount(flat, minlength=num_classes**2).reshape(num_classes, num_classes)
