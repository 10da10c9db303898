"""Weight initialisers for a weight used as ``x @ W``, ``W`` of shape (fan_in, fan_out).

Math: the laws first, then the draws. Glorot & Bengio (2010) keep the variance of the
activations (forward, fan_in terms) and of the gradients (backward, fan_out terms) roughly
constant with the compromise Var(W) = 2/(fan_in + fan_out); a uniform U(−a, a) has variance
a²/3, hence a = √(6/(fan_in + fan_out)). He et al. (2015) keep the forward variance constant
through ReLU, which halves the second moment: Var(W) = 2/fan_in.

PyTorch's ``torch.nn.init.xavier_uniform_`` and ``kaiming_normal_(mode="fan_in",
nonlinearity="relu")`` draw the same laws for its weight layout (fan_out, fan_in), the
transpose of this one (tests/test_reference_init.py proves it). The draws use the given
``numpy.random.Generator``, so equal seeds give equal arrays, and return float64 tensors.
"""

import math

import torch

__all__ = ["he_normal", "he_normal_law", "xavier_uniform", "xavier_uniform_law"]


def xavier_uniform_law(fan_in, fan_out):
    """Glorot's uniform law: (low, high) = (−a, a) with a = √(6/(fan_in + fan_out)).

    Args:
        fan_in: Number of inputs of the layer (rows of W).
        fan_out: Number of outputs of the layer (columns of W).

    Returns:
        ``(low, high)``, Python floats.
    """
    a = math.sqrt(6.0 / (fan_in + fan_out))  # a²/3 = 2/(fan_in + fan_out)
    return -a, a


def he_normal_law(fan_in, fan_out):
    """He's normal law for ReLU layers: (mean, std) = (0, √(2/fan_in)); fan_out does not enter.

    Args:
        fan_in: Number of inputs of the layer (rows of W).
        fan_out: Number of outputs of the layer (unused: fan-in mode).

    Returns:
        ``(mean, std)``, Python floats.
    """
    return 0.0, math.sqrt(2.0 / fan_in)


def xavier_uniform(fan_in, fan_out, rng):
    """W ~ U(−a, a) i.i.d., a = √(6/(fan_in + fan_out)), drawn from ``rng``.

    Args:
        fan_in: Number of inputs (rows).
        fan_out: Number of outputs (columns).
        rng: A ``numpy.random.Generator``.

    Returns:
        Float64 tensor of shape (fan_in, fan_out).
    """
    low, high = xavier_uniform_law(fan_in, fan_out)
    W = rng.uniform(low, high, size=(fan_in, fan_out))  # (fan_in, fan_out)
    return torch.from_numpy(W)


def he_normal(fan_in, fan_out, rng):
    """W ~ N(0, 2/fan_in) i.i.d., drawn from ``rng``.

    Args:
        fan_in: Number of inputs (rows).
        fan_out: Number of outputs (columns).
        rng: A ``numpy.random.Generator``.

    Returns:
        Float64 tensor of shape (fan_in, fan_out).
    """
    mean, std = he_normal_law(fan_in, fan_out)
    W = rng.normal(mean, std, size=(fan_in, fan_out))  # (fan_in, fan_out)
    return torch.from_numpy(W)
