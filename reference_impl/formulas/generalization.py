"""Generalization arithmetic: bias–variance decomposition, ensembles, cross-validation.

Bias–variance decomposition of the expected squared error at a point (Geman, Bienenstock &
Doursat, "Neural Networks and the Bias/Variance Dilemma", 1992; Hastie, Tibshirani &
Friedman, The Elements of Statistical Learning, 2nd ed., §7.3): E[(y − f̂)²] = bias² +
variance + σ². Variance of an average of M identically distributed predictors with
pairwise correlation ρ: ρσ² + (1 − ρ)σ²/M (ESL §15.2). Nested cross-validation: Varma &
Simon, "Bias in error estimation when using cross-validation for model selection", 2006.
"""

from __future__ import annotations


def expected_squared_error(bias: float, variance: float, noise_var: float) -> dict:
    """Expected test MSE at a point: bias² + variance + irreducible noise variance."""
    if variance < 0 or noise_var < 0:
        raise ValueError("variances cannot be negative")
    return {"answer": bias * bias + variance + noise_var, "bias2": bias * bias}


def ensemble_variance(M: int, rho: float, sigma2: float) -> dict:
    """Variance of the mean of M predictors, each of variance σ², pairwise correlation ρ."""
    if M < 1 or not 0 <= rho <= 1 or sigma2 <= 0:
        raise ValueError("need M >= 1, 0 <= rho <= 1, sigma2 > 0")
    floor = rho * sigma2
    return {"answer": floor + (1 - rho) * sigma2 / M, "floor": floor}


def nested_cv_fits(k_outer: int, k_inner: int, n_configs: int) -> dict:
    """Model fits in nested CV: per outer fold, k_inner·n_configs inner fits plus one refit
    of the chosen configuration on the whole outer training part."""
    if k_outer < 2 or k_inner < 2 or n_configs < 1:
        raise ValueError("need at least 2 folds and 1 configuration")
    per_outer = k_inner * n_configs + 1
    return {"answer": k_outer * per_outer, "per_outer": per_outer}
