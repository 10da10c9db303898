"""Known wrong: xavier_uniform draws from a normal law with Xavier's variance 2/(fan_in+fan_out) (xavier_normal_)."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))  # BUG: normal, not uniform


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
