"""Trusted functions of the toy bank in tests/banks_toy (engine features, not content)."""


def pair(x, w):
    """(out, aux): out = x * w elementwise, aux = Σx (no upstream gradient reaches aux)."""
    return x * w, x.sum()


def pair_backward_swapped(dout, x, w):
    """The mistake: dx and dw swapped (dout·x as dx, dout·w as dw)."""
    return dout * x, dout * w


def triple(x):
    return 3 * x


def triple_squared(x):
    """The mistake: x³ instead of 3x."""
    return x ** 3


def square(x):
    return x * x


def mean(x):
    return x.mean()


def mean_as_sum(x):
    """The mistake: the sum, not the mean."""
    return x.sum()
