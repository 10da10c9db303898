"""PyTorch: pair counting with a strict comparison only, ties counted 0."""

import torch

FRAMEWORK = "torch"


def roc_auc(y_true, scores):
    pos = scores[y_true == 1][:, None]
    neg = scores[y_true == 0][None, :]
    return (pos > neg).double().mean()
