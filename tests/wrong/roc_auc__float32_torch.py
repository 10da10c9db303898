"""PyTorch: the pair counts are int64 tensors and their quotient a float32 tensor."""

import torch

FRAMEWORK = "torch"


def roc_auc(y_true, scores):
    pos = scores[y_true == 1][:, None]
    neg = scores[y_true == 0][None, :]
    twice_wins = 2 * (pos > neg).sum() + (pos == neg).sum()
    return twice_wins / (2 * pos.numel() * neg.numel())
