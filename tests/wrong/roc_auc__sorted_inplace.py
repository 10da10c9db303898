"""The samples are sorted in place (scores and labels together) to save a copy."""

import numpy as np


def roc_auc(y_true, scores):
    order = np.argsort(-scores, kind="stable")
    scores[:] = scores[order]
    y_true[:] = y_true[order]
    tp, fp = np.cumsum(y_true == 1), np.cumsum(y_true == 0)
    last = np.append(scores[1:] != scores[:-1], True)
    tpr = np.concatenate([[0.0], tp[last] / tp[-1]])
    fpr = np.concatenate([[0.0], fp[last] / fp[-1]])
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2))
