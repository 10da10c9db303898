"""No check of the denominators: 0/0 of NumPy integers gives NaN (with a warning)."""

import numpy as np


def precision_recall_f1(y_true, y_pred, positive=1):
    t, p = y_true == positive, y_pred == positive
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    with np.errstate(invalid="ignore", divide="ignore"):
        prec = tp / (tp + fp)
        rec = tp / (tp + fn)
        f1 = 2 * prec * rec / (prec + rec)
    return prec, rec, f1


def confusion_matrix(y_true, y_pred, num_classes):
    m = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(m, (y_true, y_pred), 1)
    return m
