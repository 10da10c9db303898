"""PyTorch oracles for reference_impl.formulas.evaluation: build label tensors that realise
the counts, then count with tensor ops; AUC by brute-force pairwise comparison."""

from __future__ import annotations

import torch


def _labels(tp, fp, fn, tn):
    """(y_true, y_pred) 0/1 tensors holding exactly these confusion counts, shuffled."""
    y_true = torch.tensor([1] * tp + [0] * fp + [1] * fn + [0] * tn)
    y_pred = torch.tensor([1] * tp + [1] * fp + [0] * fn + [0] * tn)
    perm = torch.randperm(len(y_true), generator=torch.Generator().manual_seed(0))
    return y_true[perm], y_pred[perm]


def _precision_recall(y_true, y_pred):
    hit = (y_true == 1) & (y_pred == 1)
    precision = hit.sum().double() / (y_pred == 1).sum().double()
    recall = hit.sum().double() / (y_true == 1).sum().double()
    return precision, recall


def f1_from_counts(tp, fp, fn, tn):
    p, r = _precision_recall(*_labels(tp, fp, fn, tn))
    return (2 * p * r / (p + r)).item()


def specificity_from_counts(tp, fp, fn, tn):
    y_true, y_pred = _labels(tp, fp, fn, tn)
    negatives = y_true == 0
    return ((y_pred[negatives] == 0).sum().double() / negatives.sum().double()).item()


def f_beta_from_counts(tp, fp, fn, beta):
    p, r = _precision_recall(*_labels(tp, fp, fn, 0))
    # Weighted harmonic mean: 1/F = (1/(1+β²))·1/P + (β²/(1+β²))·1/R.
    w = torch.tensor(beta, dtype=torch.float64) ** 2
    return (1 / ((1 / (1 + w)) / p + (w / (1 + w)) / r)).item()


def roc_auc_tiny(s, t):
    scores = torch.tensor([0.9, 0.6, s, 0.7, t, 0.2], dtype=torch.float64)
    y = torch.tensor([1, 1, 1, 0, 0, 0])
    pos, neg = scores[y == 1], scores[y == 0]
    diff = pos[:, None] - neg[None, :]  # (P, N) every positive–negative pair
    return ((diff > 0).double() + 0.5 * (diff == 0).double()).mean().item()


def rmse_with_outlier(e):
    target = torch.zeros(5, dtype=torch.float64)
    pred = torch.tensor([1.0, -1.0, 2.0, -2.0, e], dtype=torch.float64)
    return torch.sqrt(torch.nn.functional.mse_loss(pred, target)).item()


def macro_f1_three_classes():
    counts = [[80, 5, 5], [4, 6, 0], [2, 2, 6]]
    y_true = torch.tensor([i for i, row in enumerate(counts) for j, n in enumerate(row) for _ in range(n)])
    y_pred = torch.tensor([j for i, row in enumerate(counts) for j, n in enumerate(row) for _ in range(n)])
    f1s = []
    for c in range(3):
        p, r = _precision_recall((y_true == c).long(), (y_pred == c).long())
        f1s.append(2 * p * r / (p + r))
    return torch.stack(f1s).mean().item()


ORACLES = {
    "reference_impl.formulas.evaluation.f1_from_counts": f1_from_counts,
    "reference_impl.formulas.evaluation.specificity_from_counts": specificity_from_counts,
    "reference_impl.formulas.evaluation.f_beta_from_counts": f_beta_from_counts,
    "reference_impl.formulas.evaluation.roc_auc_tiny": roc_auc_tiny,
    "reference_impl.formulas.evaluation.rmse_with_outlier": rmse_with_outlier,
    "reference_impl.formulas.evaluation.macro_f1_three_classes": macro_f1_three_classes,
}
