"""Scalar test functions that a task hands to the candidate as an argument (the `f` of
`numerical_gradient`), by name: the parent never sends code or pickles.

Like `_models.py`, the worker gets this source concatenated into its own, and the grader
imports it for the reference. Each function is written once for any array library `xp`
(NumPy in the child of a NumPy submission, PyTorch for a PyTorch one and for the
reference, whose autograd gives the exact gradient): smooth, curved (so a one-sided
difference is visibly worse than a central one) and coupling neighbouring elements (so
that perturbing several elements at once is visibly wrong).
"""


def _sin_sq(xp, x):
    return xp.sum(xp.sin(x) * x * x)


def _softplus_coupled(xp, x):
    flat = x.reshape(-1)
    return xp.sum(xp.log1p(xp.exp(flat))) + xp.sum(flat[:-1] * flat[1:]) + 0.5 * xp.sum(flat) ** 2


def _tanh_cos(xp, x):
    return xp.sum(xp.tanh(x) * xp.cos(2 * x)) + xp.sum(x ** 4) / 4


SCALAR_FUNCTIONS = {"sin_sq": _sin_sq, "softplus_coupled": _softplus_coupled, "tanh_cos": _tanh_cos}


def scalar_function(name, xp):
    """f(x) -> float for the array library `xp` (a module: numpy or torch)."""
    fn = SCALAR_FUNCTIONS[name]

    def f(x):
        return float(fn(xp, x))

    f.__name__ = f.__qualname__ = name
    return f
