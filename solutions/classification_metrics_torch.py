"""Precision, recall, F1 and the confusion matrix from integer label tensors, in PyTorch.

The counts are int64 tensors; `.item()` turns them into Python ints, so the ratios are
exact Python floats (dividing two int64 tensors would give a float32 tensor). A ratio
whose denominator is 0 is 0.0. The confusion matrix is torch.bincount of the flat index
true·C + predicted, reshaped to (C, C), an int64 tensor on the labels' device.
"""

import torch

FRAMEWORK = "torch"


def _ratio(num, den):
    """num/den as a float, 0.0 where the ratio is undefined (den == 0)."""
    return num / den if den > 0 else 0.0


def precision_recall_f1(y_true, y_pred, positive=1):
    is_true = y_true == positive
    is_pred = y_pred == positive
    tp = int((is_true & is_pred).sum().item())
    precision = _ratio(tp, int(is_pred.sum().item()))
    recall = _ratio(tp, int(is_true.sum().item()))
    f1 = _ratio(2.0 * precision * recall, precision + recall)
    return float(precision), float(recall), float(f1)


def confusion_matrix(y_true, y_pred, num_classes):
    flat = y_true * num_classes + y_pred
    counts = torch.bincount(flat, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)
