"""The area under the precision-recall curve (average precision) instead of the ROC curve."""

import numpy as np


def roc_auc(y_true, scores):
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], y_true[order]
    tp, fp = np.cumsum(y == 1), np.cumsum(y == 0)
    last = np.append(s[1:] != s[:-1], True)
    precision = tp[last] / (tp[last] + fp[last])
    recall = np.concatenate([[0.0], tp[last] / tp[-1]])
    return float(np.sum((recall[1:] - recall[:-1]) * precision))
