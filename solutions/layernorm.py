"""Layer normalisation over the last axis, NumPy, with its backward pass.

Each vector along the last axis gets its own mean and biased variance (eps inside the
root); every leading axis is a batch axis, and a 1-D input is one vector. The backward is
batch norm's with the means taken over the features: with g = gamma * dout,
dx = (g - mean(g) - x_hat * mean(g * x_hat)) / s. gamma and beta are shared by every
leading position, so their gradients are summed over all leading axes (reshape to (-1, D)).
"""

import numpy as np


def _normalise(x, eps):
    mu = x.mean(axis=-1, keepdims=True)                   # (..., 1)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)    # (..., 1), biased
    s = np.sqrt(var + eps)
    return (x - mu) / s, s


def layernorm_forward(x, gamma, beta, eps=1e-5):
    x_hat, _ = _normalise(x, eps)
    return gamma * x_hat + beta


def layernorm_backward(dout, x, gamma, beta, eps=1e-5):
    x_hat, s = _normalise(x, eps)
    g = dout * gamma                                      # dL/dx_hat, (..., D)
    dx = (g - g.mean(axis=-1, keepdims=True)
          - x_hat * (g * x_hat).mean(axis=-1, keepdims=True)) / s
    d = x.shape[-1]
    dgamma = (dout * x_hat).reshape(-1, d).sum(axis=0)
    dbeta = dout.reshape(-1, d).sum(axis=0)
    return dx, dgamma, dbeta
