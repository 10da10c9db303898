r"""Activation functions: softmax probabilities and the derivatives of sigmoid and tanh.

$\sigma(x) = 1/(1 + e^{-x})$ with $\sigma'(x) = \sigma(x)(1 - \sigma(x))$;
$\tanh'(x) = 1 - \tanh^2(x)$; $\mathrm{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}$, computed after
subtracting $\max_j z_j$ (Goodfellow, Bengio & Courville, *Deep Learning*, 2016, sec. 6.2.2
and 6.3; Bridle, 1990, for the name softmax).
"""

from __future__ import annotations

import math


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def softmax_entry(z1: float, z2: float, z3: float, k: int) -> dict:
    """Probability of class k (1-based) under softmax of the logits (z1, z2, z3)."""
    if k not in (1, 2, 3):
        raise ValueError(f"class k must be 1, 2 or 3, got {k}")
    z = [z1, z2, z3]
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    p = [v / s for v in e]
    return {"answer": p[k - 1], "p1": round(p[0], 4), "p2": round(p[1], 4), "p3": round(p[2], 4)}


def sigmoid_derivative(x: float) -> dict:
    """sigma'(x) = sigma(x) * (1 - sigma(x))."""
    s = _sigmoid(x)
    return {"answer": s * (1.0 - s), "s": round(s, 4)}


def tanh_derivative(x: float) -> dict:
    """tanh'(x) = 1 - tanh(x)^2."""
    t = math.tanh(x)
    return {"answer": 1.0 - t * t, "t": round(t, 4)}


#: Largest finite float16 (IEEE 754 binary16): (2 − 2**-10)·2**15.
FP16_MAX = (2 - 2.0 ** -10) * 2.0 ** 15


def fp16_exp_limit() -> dict:
    """Largest x for which exp(x) does not exceed float16's maximum: ln(65504)."""
    return {"answer": math.log(FP16_MAX), "fp16_max": FP16_MAX}
