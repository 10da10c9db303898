"""No check of the denominators with Python ints: ZeroDivisionError where a ratio is undefined."""

import numpy as np


def precision_recall_f1(y_true, y_pred, positive=1):
    t, p = y_true == positive, y_pred == positive
    tp, fp, fn = int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))
    prec = tp / (tp + fp)
    rec = tp / (tp + fn)
    return prec, rec, 2 * prec * rec / (prec + rec)


def confusion_matrix(y_true, y_pred, num_classes):
    m = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(m, (y_true, y_pred), 1)
    return m
