"""Classic mistakes in batch and layer normalisation, written as code.

Each function has the signature of the task function it explains (`batchnorm_forward`,
`batchnorm_backward`, `layernorm_forward`, `layernorm_backward`,
`batchnorm_running_update`) and computes what the bug computes. The right formulas are in
`reference_impl.normalization`: x̂ = (x − μ)/√(σ² + ε) with the biased variance, y = γ·x̂ + β,
and for the backward, with g = dout·γ,

    dx = (g − mean(g) − x̂·mean(g·x̂)) / √(σ² + ε)     (means over the normalised axis)
"""

import torch

__all__ = [
    "batchnorm_forward_feature_axis",
    "batchnorm_forward_unbiased_var",
    "batchnorm_forward_eps_outside_sqrt",
    "batchnorm_backward_no_mean_terms",
    "batchnorm_backward_no_variance_term",
    "layernorm_forward_batch_axis",
    "layernorm_forward_unbiased_var",
    "layernorm_forward_eps_outside_sqrt",
    "layernorm_backward_no_mean_terms",
    "batchnorm_running_update_biased_var",
    "batchnorm_running_update_momentum_reversed",
]


def _x_hat(x, dim, eps, *, unbiased=False, eps_outside=False):
    mu = x.mean(dim=dim, keepdim=True)
    count = x.shape[dim] - 1 if unbiased else x.shape[dim]
    var = ((x - mu) ** 2).sum(dim=dim, keepdim=True) / count
    std = torch.sqrt(var) + eps if eps_outside else torch.sqrt(var + eps)
    return (x - mu) / std


def _backward(dout, x, gamma, eps, dim, *, mean_terms=True, variance_term=True):
    """(dx, dgamma, dbeta) with some terms of dx left out; dgamma, dbeta right."""
    x_hat = _x_hat(x, dim, eps)
    std = torch.sqrt(((x - x.mean(dim=dim, keepdim=True)) ** 2).mean(dim=dim, keepdim=True) + eps)
    g = dout * gamma  # ∂L/∂x̂
    dx = g
    if mean_terms:
        dx = dx - g.mean(dim=dim, keepdim=True)
    if mean_terms and variance_term:
        dx = dx - x_hat * (g * x_hat).mean(dim=dim, keepdim=True)
    dx = dx / std
    dgamma, dbeta = dout * x_hat, dout
    for _ in range(dout.dim() - 1):  # summed over every axis but the features
        dgamma, dbeta = dgamma.sum(dim=0), dbeta.sum(dim=0)
    return dx, dgamma, dbeta


# ---------------------------------------------------------------------------- batchnorm
def batchnorm_forward_feature_axis(x, gamma, beta, eps=1e-5):
    """Statistics of each row (over the D features) instead of each feature (over the batch)."""
    return gamma * _x_hat(x, 1, eps) + beta


def batchnorm_forward_unbiased_var(x, gamma, beta, eps=1e-5):
    """Normalised by the unbiased variance Σ(x − μ)²/(N − 1) instead of the biased one."""
    return gamma * _x_hat(x, 0, eps, unbiased=True) + beta


def batchnorm_forward_eps_outside_sqrt(x, gamma, beta, eps=1e-5):
    """Divided by √σ² + ε instead of √(σ² + ε)."""
    return gamma * _x_hat(x, 0, eps, eps_outside=True) + beta


def batchnorm_backward_no_mean_terms(dout, x, gamma, beta, eps=1e-5):
    """dx = γ·dout/√(σ² + ε): the batch mean and variance treated as constants."""
    return _backward(dout, x, gamma, eps, 0, mean_terms=False)


def batchnorm_backward_no_variance_term(dout, x, gamma, beta, eps=1e-5):
    """dx = γ(dout − mean(dout))/√(σ² + ε): the variance's dependence on x left out."""
    return _backward(dout, x, gamma, eps, 0, variance_term=False)


# ---------------------------------------------------------------------------- layernorm
def layernorm_forward_batch_axis(x, gamma, beta, eps=1e-5):
    """Statistics over the first (batch) axis instead of the last (feature) axis."""
    return gamma * _x_hat(x, 0, eps) + beta


def layernorm_forward_unbiased_var(x, gamma, beta, eps=1e-5):
    """Normalised by the unbiased variance Σ(x − μ)²/(D − 1) (`torch.var`'s default)."""
    return gamma * _x_hat(x, -1, eps, unbiased=True) + beta


def layernorm_forward_eps_outside_sqrt(x, gamma, beta, eps=1e-5):
    """Divided by √σ² + ε instead of √(σ² + ε)."""
    return gamma * _x_hat(x, -1, eps, eps_outside=True) + beta


def layernorm_backward_no_mean_terms(dout, x, gamma, beta, eps=1e-5):
    """dx = γ·dout/√(σ² + ε): the per-example mean and variance treated as constants."""
    return _backward(dout, x, gamma, eps, -1, mean_terms=False)


# ---------------------------------------------------------------------------- running stats
def batchnorm_running_update_biased_var(running_mean, running_var, x, momentum=0.1):
    """Running variance updated with the biased batch variance Σ(x − μ)²/N."""
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    return (1 - momentum) * running_mean + momentum * mu, (1 - momentum) * running_var + momentum * var


def batchnorm_running_update_momentum_reversed(running_mean, running_var, x, momentum=0.1):
    """momentum weights the old statistic: r ← m·r + (1 − m)·s (Keras' convention)."""
    n = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).sum(dim=0) / (n - 1)
    return momentum * running_mean + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * var
