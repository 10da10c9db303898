"""Variance-preserving weight initialization: Xavier/Glorot and He/Kaiming.

Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
networks", AISTATS 2010: Var(W) = 2/(fan_in + fan_out), uniform bound √(6/(fan_in + fan_out)).
He, Zhang, Ren & Sun, "Delving Deep into Rectifiers", ICCV 2015: Var(W) = 2/((1 + a²)·fan)
for (leaky) ReLU with negative slope a, fan = fan_in (forward) or fan_out (backward).
Fans as in torch.nn.init: for a weight of shape (out, in, *kernel), fan_in = in·∏kernel and
fan_out = out·∏kernel (PyTorch docs: torch.nn.init).
"""

from __future__ import annotations

import math


def xavier_uniform_bound_conv(c_in: int, c_out: int, k: int) -> dict:
    """Bound a of U(−a, a) from xavier_uniform_ (gain 1) on a Conv2d(c_in, c_out, k) weight."""
    if min(c_in, c_out, k) < 1:
        raise ValueError("sizes must be positive")
    fan_in, fan_out = c_in * k * k, c_out * k * k
    return {"answer": math.sqrt(6 / (fan_in + fan_out)), "fan_in": fan_in, "fan_out": fan_out}


def kaiming_normal_std_linear(n_in: int, n_out: int, a: float) -> dict:
    """Std of kaiming_normal_(mode='fan_in', nonlinearity='leaky_relu', a=a) on nn.Linear(n_in, n_out)."""
    if n_in < 1 or n_out < 1 or a < 0:
        raise ValueError("need positive sizes and a >= 0")
    gain = math.sqrt(2 / (1 + a * a))
    return {"answer": gain / math.sqrt(n_in), "gain": round(gain, 4)}


def kaiming_fan_out_std_conv(c_in: int, c_out: int, k: int) -> dict:
    """Std of kaiming_normal_(mode='fan_out', nonlinearity='relu') on a Conv2d(c_in, c_out, k) weight."""
    if min(c_in, c_out, k) < 1:
        raise ValueError("sizes must be positive")
    fan_out = c_out * k * k
    return {"answer": math.sqrt(2 / fan_out), "fan_out": fan_out}


def relu_variance_ratio(c: float, L: int) -> dict:
    """Var(z_L)/Var(z_1) for z_l = W_l·relu(z_{l−1}), square layers of width n, Var(W) = c/n:
    each layer multiplies the variance by n·(c/n)·½ = c/2, so the ratio is (c/2)^(L−1)."""
    if c <= 0 or L < 2:
        raise ValueError("need c > 0 and L >= 2")
    return {"answer": (c / 2) ** (L - 1), "per_layer": c / 2}


def prior_bias_initial_bce(p: float) -> dict:
    """Initial mean BCE when the output bias is log(p/(1 − p)) and the weights give logit ≈ bias.

    The predicted probability is then p for every example, and the loss is the entropy of the
    label distribution, −p ln p − (1 − p) ln(1 − p), instead of ln 2 for bias 0.
    """
    return {"answer": -p * math.log(p) - (1 - p) * math.log(1 - p),
            "bias": round(math.log(p / (1 - p)), 4), "ln2": round(math.log(2), 4)}
