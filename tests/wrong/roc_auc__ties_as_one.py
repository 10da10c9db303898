"""Pair counting with >=: a tied (positive, negative) pair counts as correctly ordered."""

import numpy as np


def roc_auc(y_true, scores):
    pos, neg = scores[y_true == 1], scores[y_true == 0]
    wins = np.sum(pos[:, None] >= neg[None, :])
    return float(wins / (pos.size * neg.size))
