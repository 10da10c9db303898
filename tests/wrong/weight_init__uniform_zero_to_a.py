"""Known wrong: xavier_uniform draws from U(0, a) instead of U(-a, a)."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(0.0, a, size=(fan_in, fan_out))  # BUG: low 0, not -a


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
