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


def two_bin_ece(n_hi, acc_hi, acc_lo):
    n_lo = 1000 - n_hi
    conf = torch.tensor([0.95] * n_hi + [0.65] * n_lo, dtype=torch.float64)
    k_hi, k_lo = round(n_hi * acc_hi), round(n_lo * acc_lo)
    correct = torch.tensor([1.0] * k_hi + [0.0] * (n_hi - k_hi) + [1.0] * k_lo + [0.0] * (n_lo - k_lo),
                           dtype=torch.float64)
    bins = torch.bucketize(conf, torch.linspace(0, 1, 11, dtype=torch.float64))  # 10 equal bins
    ece = torch.zeros((), dtype=torch.float64)
    for b in bins.unique():
        m = bins == b
        ece += m.sum().double() / len(conf) * (correct[m].mean() - conf[m].mean()).abs()
    return ece.item()


def precision_at_prevalence(prevalence, tpr, fpr):
    n = 1_000_000
    pos = round(n * prevalence)
    tp, fp = round(pos * tpr), round((n - pos) * fpr)
    y_true, y_pred = _labels(tp, fp, pos - tp, n - pos - fp)
    return ((y_true == 1) & (y_pred == 1)).sum().item() / (y_pred == 1).sum().item()


def accuracy_ci_halfwidth(n, acc):
    k = round(n * acc)
    outcomes = torch.tensor([1.0] * k + [0.0] * (n - k), dtype=torch.float64)
    se = (outcomes.var(unbiased=False) / n).sqrt()
    return 100 * 1.96 * se.item()


ORACLES.update({
    "reference_impl.formulas.evaluation.two_bin_ece": two_bin_ece,
    "reference_impl.formulas.evaluation.precision_at_prevalence": precision_at_prevalence,
    "reference_impl.formulas.evaluation.accuracy_ci_halfwidth": accuracy_ci_halfwidth,
})
