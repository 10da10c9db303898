"""PyTorch oracles for reference_impl.formulas.initialization: read the fans of a real
layer's weight with torch.nn.init._calculate_fan_in_and_fan_out and the gain with
torch.nn.init.calculate_gain (sampling the init would only be statistical); the ReLU
variance factor is integrated numerically."""

from __future__ import annotations

import math

import torch
from torch.nn import init


def _fans(layer):
    return init._calculate_fan_in_and_fan_out(layer.weight)


def xavier_uniform_bound_conv(c_in, c_out, k):
    fan_in, fan_out = _fans(torch.nn.Conv2d(c_in, c_out, k, device="meta"))
    std = init.calculate_gain("conv2d") * math.sqrt(2.0 / (fan_in + fan_out))
    return math.sqrt(3.0) * std  # U(−a, a) has std a/√3


def kaiming_normal_std_linear(n_in, n_out, a):
    fan_in, _ = _fans(torch.nn.Linear(n_in, n_out, device="meta"))
    return init.calculate_gain("leaky_relu", a) / math.sqrt(fan_in)


def kaiming_fan_out_std_conv(c_in, c_out, k):
    _, fan_out = _fans(torch.nn.Conv2d(c_in, c_out, k, device="meta"))
    return init.calculate_gain("relu") / math.sqrt(fan_out)


def _relu_second_moment_factor():
    """E[relu(z)²] / Var(z) for z ~ N(0, 1), by the trapezoid rule on [0, 40]."""
    z = torch.linspace(0.0, 40.0, 400_001, dtype=torch.float64)
    density = torch.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return torch.trapezoid(z * z * density, z).item()


_RELU_FACTOR = _relu_second_moment_factor()


def relu_variance_ratio(c, L):
    # Var(z_{l+1}) = n · Var(W) · E[relu(z_l)²] = c · factor · Var(z_l), for L − 1 layers.
    var = 1.0
    for _ in range(L - 1):
        var = c * _RELU_FACTOR * var
    return var


def prior_bias_initial_bce(p):
    # 1000 labels with a fraction p of positives; a zero-initialised last layer whose bias is
    # set to log(p/(1 − p)) by torch's own logit.
    n = 1000
    labels = torch.zeros(n, dtype=torch.float64)
    labels[: round(p * n)] = 1
    layer = torch.nn.Linear(4, 1).double()
    init.zeros_(layer.weight)
    with torch.no_grad():
        layer.bias.fill_(torch.logit(torch.tensor(p, dtype=torch.float64)).item())
    logits = layer(torch.randn(n, 4, dtype=torch.float64)).squeeze(1)
    return torch.nn.functional.binary_cross_entropy_with_logits(logits, labels).item()


ORACLES = {
    "reference_impl.formulas.initialization.xavier_uniform_bound_conv": xavier_uniform_bound_conv,
    "reference_impl.formulas.initialization.kaiming_normal_std_linear": kaiming_normal_std_linear,
    "reference_impl.formulas.initialization.kaiming_fan_out_std_conv": kaiming_fan_out_std_conv,
    "reference_impl.formulas.initialization.relu_variance_ratio": relu_variance_ratio,
    "reference_impl.formulas.initialization.prior_bias_initial_bce": prior_bias_initial_bce,
}
