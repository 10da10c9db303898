r"""Gradient descent: updates per epoch for batch / mini-batch / stochastic GD, and GD steps
on a one-dimensional quadratic.

Mini-batch GD over $N$ examples with batch size $B$ makes $\lceil N/B \rceil$ updates per
epoch ($\lfloor N/B \rfloor$ when the last, partial batch is dropped); batch GD is $B = N$,
SGD is $B = 1$. On $L(w) = \tfrac{a}{2}(w - c)^2$ the update $w \leftarrow w - \eta a (w - c)$
gives $w_k - c = (1 - \eta a)^k (w_0 - c)$ (Goodfellow, Bengio & Courville, *Deep Learning*,
2016, sec. 4.3 and 8.1.3; Bottou, Curtis & Nocedal, "Optimization Methods for Large-Scale
Machine Learning", 2018).
"""

from __future__ import annotations

import math


def updates_per_epoch(n: int, b: int) -> int:
    """Number of mini-batches (= parameter updates) in one pass over n examples."""
    if n < 1 or b < 1:
        raise ValueError("n and b must be positive")
    if b > n:
        raise ValueError("batch larger than the data set")
    return -(-n // b)


def total_updates_drop_last(n: int, b: int, epochs: int) -> dict:
    """Updates in `epochs` epochs when the last partial batch is dropped."""
    if n < 1 or b < 1 or epochs < 1:
        raise ValueError("n, b and epochs must be positive")
    if b > n:
        raise ValueError("batch larger than the data set")
    per_epoch = n // b
    return {"answer": epochs * per_epoch, "per_epoch": per_epoch, "dropped": n - per_epoch * b}


def gd_quadratic(a: float, c: float, w0: float, lr: float, k: int) -> dict:
    """w after k GD steps on L(w) = a/2 (w - c)^2 from w0 with learning rate lr."""
    if a <= 0 or lr <= 0 or k < 1:
        raise ValueError("a, lr and k must be positive")
    factor = 1.0 - lr * a
    w = w0
    for _ in range(k):
        w = w - lr * a * (w - c)
    return {"answer": w, "factor": factor, "g0": a * (w0 - c)}


def gd_condition_steps(kappa: float, k: int) -> dict:
    r"""GD steps on $\tfrac12(w_1^2 + \kappa w_2^2)$ from (1, 1), at the best constant rate
    $\eta = 2/(1 + \kappa)$, until $\|w\|$ has fallen by $10^{-k}$.

    Both coordinates then contract by $|1 - \eta\lambda_i| = (\kappa - 1)/(\kappa + 1)$ per step.
    """
    if kappa <= 1:
        raise ValueError("the condition number must exceed 1")
    r = (kappa - 1) / (kappa + 1)
    return {"answer": math.ceil(-k * math.log(10) / math.log(r)), "rate": round(r, 6),
            "lr": round(2 / (1 + kappa), 6)}
