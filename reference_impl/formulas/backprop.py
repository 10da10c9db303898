r"""Backpropagation: gradients at the output layer and numerical gradient checking.

For $a = \sigma(z)$ with binary cross-entropy, and for $p = \mathrm{softmax}(z)$ with
cross-entropy, $\partial L/\partial z = a - y$ (resp. $p - \mathrm{onehot}(y)$); for
$L = \tfrac12 (a - y)^2$ on a sigmoid output, $\partial L/\partial z = (a - y)\,a(1 - a)$
(Bishop, *Pattern Recognition and Machine Learning*, 2006, sec. 4.3.2 and 5.3; Goodfellow,
Bengio & Courville, *Deep Learning*, 2016, sec. 6.2.2). The central difference
$(f(x+h) - f(x-h)) / 2h$ has error $O(h^2)$: exactly $h^2$ for $f(x) = x^3$.
"""

from __future__ import annotations

import math


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _label(y: float) -> None:
    if not 0 <= y <= 1:
        raise ValueError(f"target must lie in [0, 1], got {y}")


def sigmoid_bce_logit_grad(z: float, y: float) -> dict:
    """dL/dz for L = BCE(sigmoid(z), y): sigmoid(z) - y."""
    _label(y)
    a = _sigmoid(z)
    return {"answer": a - y, "a": round(a, 4)}


def sigmoid_mse_logit_grad(z: float, y: float) -> dict:
    """dL/dz for L = (sigmoid(z) - y)^2 / 2: (a - y) * a * (1 - a)."""
    _label(y)
    a = _sigmoid(z)
    return {"answer": (a - y) * a * (1.0 - a), "a": round(a, 4),
            "slope": round(a * (1.0 - a), 4), "bce_grad": round(a - y, 4)}


def softmax_ce_logit_grad(z1: float, z2: float, z3: float, c: int, k: int) -> dict:
    """dL/dz_k for L = -log softmax(z)_c, classes numbered 1..3: p_k - [k == c]."""
    if c not in (1, 2, 3) or k not in (1, 2, 3):
        raise ValueError("classes are 1, 2, 3")
    z = [z1, z2, z3]
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    p = [v / s for v in e]
    return {"answer": p[k - 1] - (1.0 if k == c else 0.0), "pk": round(p[k - 1], 4)}


def central_difference_error(x: float, h: float) -> dict:
    """Central-difference estimate of d/dx x^3 minus the true 3x^2; exactly h^2."""
    if h <= 0:
        raise ValueError("h must be positive")
    return {"answer": h * h, "true": 3 * x * x, "estimate": 3 * x * x + h * h,
            "forward_error": 3 * x * h + h * h}


def saved_activation_bytes(n: int, d: int, h: int) -> dict:
    """Bytes autograd keeps, besides the parameters, for Linear(d,h) → ReLU → Linear(h,·) in fp32.

    The first Linear saves its input (n·d) for the weight gradient; ReLU saves its output (n·h),
    which is also the input the second Linear saves: one tensor, stored once.
    """
    return {"answer": 4 * n * (d + h), "x_bytes": 4 * n * d, "h_bytes": 4 * n * h}
