"""Precision, recall, F1 and the confusion matrix from integer labels, in NumPy.

TP counts the samples predicted positive that are positive; precision divides it by the
number predicted positive (TP + FP), recall by the number truly positive (TP + FN); F1 is
their harmonic mean. A ratio whose denominator is 0 is 0.0, checked before dividing. The
confusion matrix is a histogram of the pairs (true, predicted): np.bincount of the flat
index true·C + predicted, reshaped to (C, C) with the true class in the rows.
"""

import numpy as np


def _ratio(num, den):
    """num/den as a float, 0.0 where the ratio is undefined (den == 0)."""
    return float(num) / float(den) if den > 0 else 0.0


def precision_recall_f1(y_true, y_pred, positive=1):
    is_true = y_true == positive
    is_pred = y_pred == positive
    tp = int(np.sum(is_true & is_pred))
    precision = _ratio(tp, np.sum(is_pred))
    recall = _ratio(tp, np.sum(is_true))
    f1 = _ratio(2.0 * precision * recall, precision + recall)
    return precision, recall, f1


def confusion_matrix(y_true, y_pred, num_classes):
    flat = y_true * num_classes + y_pred  # one cell per sample
    counts = np.bincount(flat, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)
