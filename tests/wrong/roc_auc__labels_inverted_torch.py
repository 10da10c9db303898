"""PyTorch: class 0 taken as the positive class (1 - AUC)."""

import torch

FRAMEWORK = "torch"


def roc_auc(y_true, scores):
    pos = scores[y_true == 0][:, None]
    neg = scores[y_true == 1][None, :]
    return ((pos > neg).double() + 0.5 * (pos == neg).double()).mean()
