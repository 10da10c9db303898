"""Right numbers, but the forward centres and scales the caller's x in place."""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    x -= x.mean(axis=0)
    x /= np.sqrt((x ** 2).mean(axis=0) + eps)
    return gamma * x + beta


def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    s = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mu) / s
    g = dout * gamma
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / s
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
