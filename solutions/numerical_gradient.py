"""Numerical gradient by central differences, one element at a time.

For each index i: df/dx_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h, an O(h²) estimate. The
element is perturbed in place (no copy of x per probe) and put back exactly before the
next one, so x leaves as it came in.
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        f_minus = f(x)
        x[idx] = old                      # restore before the next element
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
