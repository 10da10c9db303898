"""Known wrong: both initializers build their own generator with a fixed seed, ignoring rng."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    rng = np.random.default_rng(0)  # BUG: "for reproducibility", but it ignores the caller's rng
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, rng):
    rng = np.random.default_rng(0)  # BUG: ignores the caller's rng
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
