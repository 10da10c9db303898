"""The ROC curve gets one point per sorted sample, without merging tied thresholds."""

import numpy as np


def roc_auc(y_true, scores):
    order = np.argsort(-scores, kind="stable")
    y = y_true[order]
    tpr = np.concatenate([[0.0], np.cumsum(y == 1) / np.sum(y == 1)])
    fpr = np.concatenate([[0.0], np.cumsum(y == 0) / np.sum(y == 0)])
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2))
