"""ROC AUC in PyTorch, by counting the correctly ordered (positive, negative) pairs.

AUC = P(s+ > s-) + ½·P(s+ = s-): compare every positive score with every negative score
by broadcasting, count a win as 1 and a tie as ½, and divide by n+·n-. O(n+·n-) memory,
fine for the sizes of an evaluation batch; the result is a Python float.
"""

import torch

FRAMEWORK = "torch"


def roc_auc(y_true, scores):
    pos = scores[y_true == 1][:, None]  # (n+, 1)
    neg = scores[y_true == 0][None, :]  # (1, n-)
    wins = (pos > neg).sum().item() + 0.5 * (pos == neg).sum().item()
    return wins / (pos.shape[0] * neg.shape[1])
