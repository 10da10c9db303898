"""The labels are binarised in place (every non-positive label set to -1) before counting."""

import numpy as np


def _ratio(num, den):
    return float(num) / float(den) if den > 0 else 0.0


def precision_recall_f1(y_true, y_pred, positive=1):
    for labels in (y_true, y_pred):
        labels[labels != positive] = -1
    t, p = y_true == positive, y_pred == positive
    tp = np.sum(t & p)
    prec, rec = _ratio(tp, p.sum()), _ratio(tp, t.sum())
    return prec, rec, _ratio(2 * prec * rec, prec + rec)


def confusion_matrix(y_true, y_pred, num_classes):
    m = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(m, (y_true, y_pred), 1)
    return m
