"""Oracles for reference_impl.formulas.generalization: enumerate an exact finite
distribution, form a covariance matrix, or run the cross-validation loops and count."""

from __future__ import annotations

import itertools
import math

import numpy as np
import torch


def expected_squared_error(bias, variance, noise_var):
    # Truth f = 1.7 at the point. The prediction is f + bias ± √variance and the label is
    # f ± √noise_var, each sign with probability ½, independently; average over all four.
    f, sd, s = 1.7, math.sqrt(variance), math.sqrt(noise_var)
    preds = torch.tensor([f + bias + sd, f + bias - sd], dtype=torch.float64)
    labels = torch.tensor([f + s, f - s], dtype=torch.float64)
    return ((labels[:, None] - preds[None, :]) ** 2).mean().item()


def ensemble_variance(M, rho, sigma2):
    cov = sigma2 * (rho * torch.ones(M, M, dtype=torch.float64)
                    + (1 - rho) * torch.eye(M, dtype=torch.float64))
    w = torch.full((M,), 1.0 / M, dtype=torch.float64)
    return (w @ cov @ w).item()


def nested_cv_fits(k_outer, k_inner, n_configs):
    idx = np.arange(600)
    fits = 0
    for outer_val in np.array_split(idx, k_outer):
        outer_train = np.setdiff1d(idx, outer_val)
        for _config, inner_val in itertools.product(range(n_configs),
                                                    np.array_split(outer_train, k_inner)):
            assert not np.intersect1d(inner_val, outer_val).size
            fits += 1  # fit on outer_train minus inner_val, score on inner_val
        fits += 1  # refit the best configuration on outer_train, score on outer_val
    return fits


ORACLES = {
    "reference_impl.formulas.generalization.expected_squared_error": expected_squared_error,
    "reference_impl.formulas.generalization.ensemble_variance": ensemble_variance,
    "reference_impl.formulas.generalization.nested_cv_fits": nested_cv_fits,
}
