"""Class 0 is taken as the positive class: the result is 1 - AUC."""

import numpy as np


def roc_auc(y_true, scores):
    pos, neg = scores[y_true == 0], scores[y_true == 1]
    wins = np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :])
    return float(wins / (pos.size * neg.size))
