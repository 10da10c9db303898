"""Oracles for reference_impl.formulas.ensembles, computed through PyTorch another way: the
variance of a mean from a constructed covariance matrix, majority voting by enumerating
every outcome, the bootstrap through a binomial distribution, the learning rate by running
PyTorch's CosineAnnealingWarmRestarts scheduler."""

from __future__ import annotations

import itertools

import torch


def ensemble_variance(sigma2, rho, M):
    cov = sigma2 * (rho * torch.ones(M, M, dtype=torch.float64)
                    + (1 - rho) * torch.eye(M, dtype=torch.float64))
    w = torch.full((M,), 1.0 / M, dtype=torch.float64)
    return (w @ cov @ w).item()


def majority_vote_accuracy(M, p):
    outcomes = torch.tensor(list(itertools.product([0, 1], repeat=M)), dtype=torch.float64)
    correct = outcomes.sum(dim=1)
    prob = (p ** correct) * ((1 - p) ** (M - correct))
    return prob[correct > M / 2].sum().item()


def oob_probability(n):
    # The number of times one example is drawn in n draws with replacement is Binomial(n, 1/n).
    dist = torch.distributions.Binomial(total_count=n, probs=torch.tensor(1.0 / n, dtype=torch.float64))
    return dist.log_prob(torch.tensor(0.0, dtype=torch.float64)).exp().item()


def snapshot_lr(alpha0, C, t):
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=alpha0)
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=C, eta_min=0.0)
    for _ in range(t):
        opt.step()
        sched.step()
    return opt.param_groups[0]["lr"]


ORACLES = {
    "reference_impl.formulas.ensembles.ensemble_variance": ensemble_variance,
    "reference_impl.formulas.ensembles.majority_vote_accuracy": majority_vote_accuracy,
    "reference_impl.formulas.ensembles.oob_probability": oob_probability,
    "reference_impl.formulas.ensembles.snapshot_lr": snapshot_lr,
}


def ambiguity_gain(f1, f2, f3, y):
    f = torch.tensor([f1, f2, f3], dtype=torch.float64)
    target = torch.full_like(f, y)
    members = torch.nn.functional.mse_loss(f, target)
    ensemble = torch.nn.functional.mse_loss(f.mean(), torch.tensor(y, dtype=torch.float64))
    return (members - ensemble).item()


ORACLES["reference_impl.formulas.ensembles.ambiguity_gain"] = ambiguity_gain
