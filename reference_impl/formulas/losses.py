r"""Loss functions: cross-entropy from logits, binary cross-entropy, MSE/MAE, Huber, hinge.

Cross-entropy from logits: $-z_c + \log\sum_j e^{z_j}$ with the log-sum-exp computed after
subtracting $\max_j z_j$; binary cross-entropy from a logit:
$\max(z, 0) - zy + \log(1 + e^{-|z|})$ (PyTorch docs: torch.nn.CrossEntropyLoss,
torch.nn.BCEWithLogitsLoss). Huber loss (Huber, "Robust Estimation of a Location Parameter",
1964): $\tfrac12 r^2$ for $|r| \le \delta$, else $\delta(|r| - \tfrac12\delta)$. Hinge loss
(Cortes & Vapnik, "Support-vector networks", 1995): $\max(0, 1 - yf)$ with $y \in \{-1, +1\}$.
"""

from __future__ import annotations

import math


def ce_from_logits(z1: float, z2: float, z3: float, c: int) -> dict:
    """-log softmax(z)_c for three logits, classes numbered 1..3."""
    if c not in (1, 2, 3):
        raise ValueError("class must be 1, 2 or 3")
    z = [z1, z2, z3]
    m = max(z)
    lse = m + math.log(sum(math.exp(v - m) for v in z))
    loss = lse - z[c - 1]
    return {"answer": loss, "lse": round(lse, 4), "zc": z[c - 1], "pc": round(math.exp(-loss), 4)}


def bce_with_logits(z: float, y: int) -> dict:
    """Binary cross-entropy of the label y in {0, 1} given the logit z, computed stably."""
    if y not in (0, 1):
        raise ValueError("label must be 0 or 1")
    loss = max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    p = 1.0 / (1.0 + math.exp(-z))
    return {"answer": loss, "p": round(p, 4)}


def mse_of_errors(e1: float, e2: float, e3: float, e4: float) -> dict:
    """Mean squared error of four residuals (prediction minus target); MAE as an extra."""
    e = [e1, e2, e3, e4]
    return {"answer": sum(v * v for v in e) / 4, "mae": sum(abs(v) for v in e) / 4}


def huber(r: float, delta: float) -> dict:
    """Huber loss of the residual r with threshold delta."""
    if delta <= 0:
        raise ValueError("delta must be positive")
    a = abs(r)
    if a <= delta:
        return {"answer": 0.5 * r * r, "branch": "quadratic", "zh_branch": "二次"}
    return {"answer": delta * (a - 0.5 * delta), "branch": "linear", "zh_branch": "线性"}


def hinge(y: int, f: float) -> dict:
    """max(0, 1 - y f) for a label y in {-1, +1} and a raw score f."""
    if y not in (-1, 1):
        raise ValueError("hinge labels are -1 or +1")
    return {"answer": max(0.0, 1.0 - y * f), "margin": y * f}


def label_smoothing_floor(c: int, eps: float) -> dict:
    """Lowest cross-entropy reachable with label smoothing eps over c classes.

    The target puts 1 − eps + eps/c on the true class and eps/c on each other class; the
    cross-entropy H(q, p) is smallest at p = q, where it equals the entropy H(q) (Gibbs).
    """
    q_true = 1 - eps + eps / c
    q_other = eps / c
    return {"answer": -q_true * math.log(q_true) - (c - 1) * q_other * math.log(q_other),
            "q_true": round(q_true, 6), "q_other": round(q_other, 6)}


def stable_ce(base: float, d1: float, d2: float) -> dict:
    """Cross-entropy of logits (base, base − d1, base − d2) for target class 1, via log-sum-exp."""
    z = (base, base - d1, base - d2)
    m = max(z)
    lse = m + math.log(sum(math.exp(v - m) for v in z))
    return {"answer": lse - z[1], "lse_shifted": round(lse - m, 6)}
