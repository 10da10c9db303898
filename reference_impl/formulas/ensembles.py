"""Ensemble arithmetic: variance of an average, majority voting, bootstrap sampling, and the
cyclic learning rate of snapshot ensembles.

Sources:
* Variance of the mean of M identically distributed predictors with variance σ² and pairwise
  correlation ρ: Var = ρσ² + (1 − ρ)σ²/M (Hastie, Tibshirani & Friedman, The Elements of
  Statistical Learning, 2nd ed., §15.2, eq. 15.1).
* Majority vote of M independent classifiers of accuracy p: the binomial tail
  Σ_{k > M/2} C(M, k) p^k (1 − p)^{M−k} (Condorcet's jury theorem; Hansen & Salamon, "Neural
  Network Ensembles", IEEE TPAMI 1990).
* Bootstrap: an example is left out of a sample of n draws with replacement with probability
  (1 − 1/n)^n → 1/e (Breiman, "Bagging Predictors", Machine Learning 1996).
* Snapshot ensembles with cosine annealing restarted every C epochs,
  lr(t) = α₀/2 · (1 + cos(π (t mod C)/C)): Huang et al., "Snapshot Ensembles: Train 1, Get M
  for Free", ICLR 2017; Loshchilov & Hutter, "SGDR", ICLR 2017.
"""

from __future__ import annotations

import math


def ensemble_variance(sigma2: float, rho: float, M: int) -> dict:
    """Variance of the average of M predictors, each of variance sigma2, pairwise corr. rho."""
    if M < 1 or sigma2 < 0:
        raise ValueError("need M ≥ 1 and a non-negative variance")
    if not -1.0 / (M - 1 if M > 1 else 1) <= rho <= 1:
        raise ValueError("correlation matrix would not be positive semi-definite")
    return {"answer": rho * sigma2 + (1 - rho) * sigma2 / M, "floor": rho * sigma2,
            "indep": sigma2 / M}


def majority_vote_accuracy(M: int, p: float) -> dict:
    """Accuracy of the majority vote of M (odd) independent binary classifiers of accuracy p."""
    if M < 1 or M % 2 == 0:
        raise ValueError("M must be odd, so that there are no ties")
    if not 0 <= p <= 1:
        raise ValueError("p must be a probability")
    need = M // 2 + 1
    acc = sum(math.comb(M, k) * p**k * (1 - p) ** (M - k) for k in range(need, M + 1))
    return {"answer": acc, "need": need}


def oob_probability(n: int) -> dict:
    """Probability that a given example is absent from a bootstrap sample of size n."""
    if n < 1:
        raise ValueError("n must be positive")
    q = (1 - 1 / n) ** n
    return {"answer": q, "in_bag": 1 - q, "limit": math.exp(-1)}


def snapshot_lr(alpha0: float, C: int, t: int) -> dict:
    """Learning rate in epoch t (0-based) of cosine annealing restarted every C epochs."""
    if C < 1 or t < 0:
        raise ValueError("need C ≥ 1 and t ≥ 0")
    pos = t % C
    return {"answer": alpha0 / 2 * (1 + math.cos(math.pi * pos / C)), "pos": pos,
            "cycle": t // C + 1}


def ambiguity_gain(f1: float, f2: float, f3: float, y: float) -> dict:
    """Ambiguity decomposition (Krogh & Vedelsby 1995): for the average f̄ of predictions f_i,
    (f̄ − y)² = mean_i (f_i − y)² − mean_i (f_i − f̄)². The gain of the ensemble over its
    average member is the spread of the predictions, whatever the target."""
    fs = [f1, f2, f3]
    mean = sum(fs) / 3
    avg_err = sum((f - y) ** 2 for f in fs) / 3
    ambiguity = sum((f - mean) ** 2 for f in fs) / 3
    return {"answer": ambiguity, "avg_err": f"{avg_err:.4g}", "ens_err": f"{(mean - y) ** 2:.4g}",
            "mean": f"{mean:.4g}"}
