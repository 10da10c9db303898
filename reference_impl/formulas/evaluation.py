"""Evaluation metrics: confusion-count ratios, F-beta, ROC-AUC, regression errors, averaging.

Definitions follow the standard ones (Fawcett, "An introduction to ROC analysis", Pattern
Recognition Letters 27, 2006; van Rijsbergen, "Information Retrieval", 1979, for F-beta):
precision = TP/(TP+FP), recall = TP/(TP+FN), specificity = TN/(TN+FP),
F_β = (1+β²)·P·R / (β²·P + R), and AUC = P(score of a random positive > score of a random
negative), ties counting one half (the Mann–Whitney statistic).
"""

from __future__ import annotations

import math


def _ratio(num: float, den: float, name: str) -> float:
    if den == 0:
        raise ValueError(f"{name} is undefined: its denominator is 0")
    return num / den


def f1_from_counts(tp: int, fp: int, fn: int, tn: int) -> dict:
    """F1 of the positive class; precision and recall as extras."""
    precision = _ratio(tp, tp + fp, "precision")
    recall = _ratio(tp, tp + fn, "recall")
    if precision + recall == 0:
        raise ValueError("F1 is undefined when precision and recall are both 0")
    f1 = 2 * precision * recall / (precision + recall)
    return {"answer": f1, "precision": round(precision, 4), "recall": round(recall, 4),
            "accuracy": round((tp + tn) / (tp + fp + fn + tn), 4)}


def specificity_from_counts(tp: int, fp: int, fn: int, tn: int) -> dict:
    """TN/(TN+FP); recall TP/(TP+FN) as an extra, to set the two apart."""
    specificity = _ratio(tn, tn + fp, "specificity")
    recall = _ratio(tp, tp + fn, "recall")
    return {"answer": specificity, "recall": round(recall, 4), "fpr": round(1 - specificity, 4)}


def f_beta_from_counts(tp: int, fp: int, fn: int, beta: float) -> dict:
    """F_β = (1+β²)·TP / ((1+β²)·TP + β²·FN + FP); precision and recall as extras."""
    precision = _ratio(tp, tp + fp, "precision")
    recall = _ratio(tp, tp + fn, "recall")
    b2 = beta * beta
    f = (1 + b2) * precision * recall / (b2 * precision + recall)
    return {"answer": f, "precision": round(precision, 4), "recall": round(recall, 4)}


def roc_auc_tiny(s: float, t: float) -> dict:
    """AUC of positives (0.9, 0.6, s) against negatives (0.7, t, 0.2), ties counting ½."""
    positives = (0.9, 0.6, s)
    negatives = (0.7, t, 0.2)
    wins = 0.0
    for p in positives:
        for n in negatives:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    pairs = len(positives) * len(negatives)
    return {"answer": wins / pairs, "wins": wins, "pairs": pairs}


def rmse_with_outlier(e: float) -> dict:
    """RMSE of the errors (1, −1, 2, −2, e); MAE and MSE as extras."""
    errors = (1.0, -1.0, 2.0, -2.0, float(e))
    mse = sum(x * x for x in errors) / len(errors)
    mae = sum(abs(x) for x in errors) / len(errors)
    return {"answer": math.sqrt(mse), "mse": mse, "mae": mae}


# Rows: true class A, B, C; columns: predicted A, B, C.
CONFUSION_3 = ((80, 5, 5), (4, 6, 0), (2, 2, 6))


def macro_f1_three_classes() -> dict:
    """Macro-F1 of CONFUSION_3; micro-F1 (= accuracy) and weighted F1 as extras."""
    k = len(CONFUSION_3)
    total = sum(sum(row) for row in CONFUSION_3)
    f1s, supports = [], []
    for c in range(k):
        tp = CONFUSION_3[c][c]
        fp = sum(CONFUSION_3[r][c] for r in range(k)) - tp
        fn = sum(CONFUSION_3[c]) - tp
        f1s.append(2 * tp / (2 * tp + fp + fn))
        supports.append(sum(CONFUSION_3[c]))
    micro = sum(CONFUSION_3[c][c] for c in range(k)) / total
    weighted = sum(f * n for f, n in zip(f1s, supports)) / total
    return {"answer": sum(f1s) / k, "micro": round(micro, 4), "weighted": round(weighted, 4),
            "f1_a": round(f1s[0], 4), "f1_b": round(f1s[1], 4), "f1_c": round(f1s[2], 4)}


def two_bin_ece(n_hi: int, acc_hi: float, acc_lo: float) -> dict:
    """Expected calibration error (Guo et al. 2017), ECE = Σ_b (n_b/N)·|acc_b − conf_b|, for
    1000 predictions: n_hi with confidence 0.95 and accuracy acc_hi, the other 1000 − n_hi
    with confidence 0.65 and accuracy acc_lo."""
    n = 1000
    n_lo = n - n_hi
    gap_hi, gap_lo = abs(acc_hi - 0.95), abs(acc_lo - 0.65)
    ece = (n_hi * gap_hi + n_lo * gap_lo) / n
    acc = (n_hi * acc_hi + n_lo * acc_lo) / n
    conf = (n_hi * 0.95 + n_lo * 0.65) / n
    return {"answer": ece, "n_lo": n_lo, "acc": f"{acc:.3f}", "conf": f"{conf:.3f}",
            "global_gap": f"{abs(acc - conf):.3f}"}


def precision_at_prevalence(prevalence: float, tpr: float, fpr: float) -> dict:
    """Precision (positive predictive value) of a test with sensitivity tpr and false-positive
    rate fpr on a population with the given prevalence (Bayes' rule)."""
    tp = tpr * prevalence
    fp = fpr * (1 - prevalence)
    acc = tp + (1 - fpr) * (1 - prevalence)
    return {"answer": tp / (tp + fp), "per_million_tp": f"{tp * 1e6:.0f}",
            "per_million_fp": f"{fp * 1e6:.0f}", "accuracy": f"{acc:.4f}"}


def accuracy_ci_halfwidth(n: int, acc: float) -> dict:
    """Half-width, in percentage points, of the normal-approximation 95 % confidence interval
    of an accuracy measured on n independent test examples: 1.96·√(acc(1 − acc)/n)."""
    se = math.sqrt(acc * (1 - acc) / n)
    return {"answer": 100 * 1.96 * se, "se": f"{100 * se:.3g}"}
