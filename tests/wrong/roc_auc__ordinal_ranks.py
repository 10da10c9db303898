"""The Mann-Whitney rank formula with ranks from argsort().argsort(): ties get distinct ranks."""

import numpy as np


def roc_auc(y_true, scores):
    ranks = np.argsort(np.argsort(scores, kind="stable"), kind="stable") + 1.0
    pos = y_true == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
