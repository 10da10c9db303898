"""The backward keeps the mean's term but forgets that the variance depends on x."""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    return gamma * (x - mu) / np.sqrt(x.var(axis=0) + eps) + beta


def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    s = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mu) / s
    g = dout * gamma
    dx = (g - g.mean(axis=0)) / s
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
