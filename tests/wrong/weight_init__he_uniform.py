"""Known wrong: he_normal draws from a uniform law with the right variance 2/fan_in (kaiming_uniform_'s law), not a normal."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, rng):
    bound = np.sqrt(3.0) * np.sqrt(2.0 / fan_in)  # BUG: U(-b, b) has variance b²/3 = 2/fan_in, but is not normal
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))
