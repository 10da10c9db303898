"""Hyperparameter search: grid sizes, random-search hit probabilities, successive halving.

Grid search evaluates the Cartesian product of the value lists. Random search with n
independent trials hits a region holding a fraction q of the search space with probability
1 − (1 − q)^n (Bergstra & Bengio, "Random Search for Hyper-Parameter Optimization", JMLR
13, 2012). Successive halving keeps the best 1/η of the configurations at each rung and
multiplies the budget per configuration by η (Jamieson & Talwalkar, 2016; Li et al.,
"Hyperband", JMLR 18, 2018).
"""

from __future__ import annotations

import math


def grid_search_runs(n_lr: int, n_wd: int, n_dropout: int, seeds: int) -> dict:
    """Training runs of a full grid, each configuration repeated with `seeds` seeds."""
    configs = n_lr * n_wd * n_dropout
    return {"answer": configs * seeds, "configs": configs}


def random_search_hit_prob(n: int, top: float) -> dict:
    """P(at least one of n uniform trials lands in the best `top` percent of the space)."""
    q = top / 100
    if not 0 < q < 1 or n < 1:
        raise ValueError(f"top={top}% and n={n} make no search")
    miss_all = (1 - q) ** n
    return {"answer": 1 - miss_all, "miss_all": round(miss_all, 4)}


def random_search_trials_needed(top: float, p: float) -> dict:
    """Smallest n with 1 − (1 − top/100)^n ≥ p/100."""
    q, target = top / 100, p / 100
    if not 0 < q < 1 or not 0 < target < 1:
        raise ValueError(f"top={top}% and p={p}% must both lie strictly between 0 and 100")
    exact = math.log(1 - target) / math.log(1 - q)
    n = math.ceil(exact)
    if math.isclose(exact, round(exact), rel_tol=1e-12):
        raise ValueError("boundary case: rounding of the logarithm decides the answer")
    return {"answer": n, "exact": round(exact, 2)}


def successive_halving_budget(n: int, eta: int, r: int) -> dict:
    """Total epochs of successive halving from n configurations down to one.

    Rung i trains n/η^i configurations for r·η^i epochs each (from scratch, so every rung
    costs n·r epochs in total); n must be a power of η.
    """
    rungs = round(math.log(n, eta)) + 1
    if eta < 2 or eta ** (rungs - 1) != n:
        raise ValueError(f"n={n} is not a power of eta={eta}")
    total = sum((n // eta ** i) * (r * eta ** i) for i in range(rungs))
    return {"answer": total, "rungs": rungs, "per_rung": n * r, "max_epochs": r * n,
            "all_full": n * r * n}
