import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    base = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        grad[idx] = (f(x) - base) / h      # bug: one-sided difference
        x[idx] = old
    return grad
