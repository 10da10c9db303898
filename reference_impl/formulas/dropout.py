"""Inverted dropout: scaling, number of units kept, variance of a unit's output.

Each unit is kept independently with probability $1 - p$ (PyTorch's `p` is the drop
probability) and a kept unit is multiplied by $1/(1-p)$, so $\\mathbb{E}[\\text{out}] = x$
(Srivastava et al., Dropout: A Simple Way to Prevent Neural Networks from Overfitting, JMLR
2014; PyTorch docs: torch.nn.Dropout). The number of kept units of a layer of $n$ is
Binomial$(n, 1-p)$.
"""

from __future__ import annotations

import math


def _check_p(p: float) -> None:
    if not 0 <= p < 1:
        raise ValueError("p must be in [0, 1)")


def inverted_scaled_value(x: float, p: float) -> dict:
    """Training-mode output of a kept unit with input x: x / (1 - p)."""
    _check_p(p)
    return {"answer": x / (1 - p), "scale": 1 / (1 - p), "keep": 1 - p}


def expected_kept(n: int, p: float) -> dict:
    """Mean n(1-p) of Binomial(n, 1-p), with its standard deviation."""
    _check_p(p)
    if n < 1:
        raise ValueError("n must be positive")
    return {"answer": n * (1 - p), "std": math.sqrt(n * p * (1 - p)), "dropped": n * p}


def output_variance(x: float, p: float) -> dict:
    """Variance over the mask of x·m/(1-p), m ~ Bernoulli(1-p): x² p / (1-p)."""
    _check_p(p)
    second_moment = x * x / (1 - p)
    return {"answer": x * x * p / (1 - p), "second_moment": second_moment, "mean": x}
