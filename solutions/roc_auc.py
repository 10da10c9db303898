"""ROC AUC in NumPy: the area under the ROC curve, one point per distinct score.

Sort by descending score and count the positives (TP) and negatives (FP) above each cut.
Tied scores must cross the threshold together, so only the last index of each run of
equal scores gives a point of the curve; with (0, 0) prepended, the trapezoid rule over
these points counts every tied (positive, negative) pair as one half, which is what
sklearn.metrics.roc_auc_score computes.
"""

import numpy as np


def roc_auc(y_true, scores):
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], y_true[order]
    tp = np.cumsum(y == 1)  # positives with a score >= s[k]
    fp = np.cumsum(y == 0)
    last = np.append(s[1:] != s[:-1], True)  # the end of each run of tied scores
    tpr = np.concatenate([[0.0], tp[last] / tp[-1]])
    fpr = np.concatenate([[0.0], fp[last] / fp[-1]])
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2.0))
