"""Batch normalisation in training mode, NumPy, with its backward pass.

Forward: per feature (axis 0), the batch mean and the biased variance; eps inside the root.
Backward: with g = gamma * dout and s = sqrt(var + eps), the Jacobian of one column of
x_hat is (I - 1/N - x_hat x_hat^T / N) / s, so dx = (g - mean(g) - x_hat * mean(g * x_hat)) / s;
gamma and beta are shared by the batch, so their gradients are sums over it.
"""

import numpy as np


def _normalise(x, eps):
    mu = x.mean(axis=0, keepdims=True)                  # (1, D)
    var = ((x - mu) ** 2).mean(axis=0, keepdims=True)   # (1, D), biased
    s = np.sqrt(var + eps)
    return (x - mu) / s, s


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    x_hat, _ = _normalise(x, eps)
    return gamma * x_hat + beta


def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    x_hat, s = _normalise(x, eps)
    g = dout * gamma                                    # dL/dx_hat, (N, D)
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / s
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta
