import numpy as np


def numerical_gradient(f, x, h=1e-5):
    saved = x.copy()
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = f(x)
        x[idx] -= 2 * h
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * h)    # bug: later probes see earlier elements shifted by -h
    x[...] = saved
    return grad
