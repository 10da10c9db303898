"""Known wrong: xavier_uniform uses the standard deviation √(2/(fan_in+fan_out)) as the bound of the uniform."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    a = np.sqrt(2.0 / (fan_in + fan_out))  # BUG: that is the std, the bound is √3 times larger
    return rng.uniform(-a, a, size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
