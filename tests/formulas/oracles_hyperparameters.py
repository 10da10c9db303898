"""Oracles for reference_impl.formulas.hyperparameters: enumerate the grid with
torch.cartesian_prod, take hit probabilities from torch's Binomial, and simulate successive
halving with torch.topk on random scores."""

from __future__ import annotations

import torch


def grid_search_runs(n_lr, n_wd, n_dropout, seeds):
    grid = torch.cartesian_prod(torch.arange(n_lr), torch.arange(n_wd), torch.arange(n_dropout),
                                torch.arange(seeds))
    return grid.shape[0]


def _p_at_least_one(n, q):
    hits = torch.distributions.Binomial(total_count=n, probs=torch.tensor(q, dtype=torch.float64))
    return 1 - hits.log_prob(torch.tensor(0.0, dtype=torch.float64)).exp()


def random_search_hit_prob(n, top):
    return _p_at_least_one(n, top / 100).item()


def random_search_trials_needed(top, p):
    n = 1
    while _p_at_least_one(n, top / 100).item() < p / 100:
        n += 1
    return n


def successive_halving_budget(n, eta, r):
    scores = torch.rand(n, generator=torch.Generator().manual_seed(0))
    alive, epochs, spent = torch.arange(n), r, 0
    while True:
        spent += len(alive) * epochs  # every survivor trained for this rung's epochs
        if len(alive) == 1:
            return spent
        keep = torch.topk(scores[alive], len(alive) // eta).indices
        alive, epochs = alive[keep], epochs * eta


ORACLES = {
    "reference_impl.formulas.hyperparameters.grid_search_runs": grid_search_runs,
    "reference_impl.formulas.hyperparameters.random_search_hit_prob": random_search_hit_prob,
    "reference_impl.formulas.hyperparameters.random_search_trials_needed": random_search_trials_needed,
    "reference_impl.formulas.hyperparameters.successive_halving_budget": successive_halving_budget,
}
