import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = f(x)
        x[idx] -= 2 * h
        fm = f(x)                          # bug: x[idx] is left at old - h
        grad[idx] = (fp - fm) / (2 * h)
    return grad
