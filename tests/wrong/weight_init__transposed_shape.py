"""Known wrong: both initializers return PyTorch's weight layout (fan_out, fan_in)."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_out, fan_in))  # BUG: (out, in) as in nn.Linear


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))  # BUG: (out, in)
