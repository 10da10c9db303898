"""Classification metrics from integer labels and the area under the ROC curve.

Math (Fawcett, 2006, "An introduction to ROC analysis"; Hanley & McNeil, 1982): for a
positive class c, TP = #{ŷ = c, y = c}, FP = #{ŷ = c, y ≠ c}, FN = #{ŷ ≠ c, y = c};
precision P = TP/(TP + FP), recall R = TP/(TP + FN), F1 = 2PR/(P + R), each 0 where its
denominator is 0. The confusion matrix counts M[i, j] = #{y = i, ŷ = j} (rows true).
The ROC AUC is the probability that a random positive scores above a random negative, a tie
counting ½: the Mann–Whitney statistic U/(n₊·n₋) with U = Σ_{positives} rank − n₊(n₊ + 1)/2
and tied scores sharing their average rank.
"""

import torch

__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]

_F64 = torch.float64


def _ratio(num, den):
    """num/den as a float64 0-d tensor, 0 where the denominator is 0 (an undefined ratio)."""
    num, den = torch.as_tensor(num, dtype=_F64), torch.as_tensor(den, dtype=_F64)
    return torch.where(den > 0, num / torch.where(den > 0, den, 1.0), torch.zeros((), dtype=_F64))


def precision_recall_f1(y_true, y_pred, positive=1):
    """Precision, recall and F1 of the class ``positive``.

    Args:
        y_true: (N,) int64 true labels.
        y_pred: (N,) int64 predicted labels.
        positive: the label counted as positive.

    Returns:
        ``(p, r, f1)``, float64 0-d tensors; each is 0 where its ratio is undefined.
    """
    is_true, is_pred = y_true == positive, y_pred == positive  # (N,) bool
    tp = (is_true & is_pred).sum()
    p = _ratio(tp, is_pred.sum())  # TP / (TP + FP)
    r = _ratio(tp, is_true.sum())  # TP / (TP + FN)
    f1 = _ratio(2 * p * r, p + r)  # harmonic mean
    return p, r, f1


def confusion_matrix(y_true, y_pred, num_classes):
    """Counts M[i, j] of samples with true class i predicted as class j.

    Args:
        y_true: (N,) int64 labels in [0, num_classes).
        y_pred: (N,) int64 labels in [0, num_classes).
        num_classes: C.

    Returns:
        (C, C) int64 tensor; rows are true classes, columns predicted ones.
    """
    cell = y_true * num_classes + y_pred  # (N,) flat index of (i, j)
    return torch.bincount(cell, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def roc_auc(y_true, scores):
    """Area under the ROC curve, by the rank statistic (ties count ½).

    Args:
        y_true: (N,) int64 labels, 0 or 1, both present.
        scores: (N,) float scores, higher meaning more likely positive; ties allowed.

    Returns:
        float64 0-d tensor, the same as ``sklearn.metrics.roc_auc_score``.
    """
    pos = y_true == 1  # (N,)
    n_pos = pos.sum().to(_F64)
    n_neg = (~pos).sum().to(_F64)
    # average 1-based rank of each distinct score: the ranks b+1 .. b+c of a value that
    # c scores share, with b scores strictly below it, average b + (c + 1)/2
    _, which, counts = torch.unique(scores, sorted=True, return_inverse=True, return_counts=True)
    counts = counts.to(_F64)  # (K,)
    below = torch.cumsum(counts, 0) - counts  # (K,)
    rank = (below + (counts + 1) / 2)[which]  # (N,)
    u = rank[pos].sum() - n_pos * (n_pos + 1) / 2  # pairs (positive above negative) + ½ ties
    return u / (n_pos * n_neg)
