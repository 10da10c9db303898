"""Known wrong: xavier_uniform draws one row of fan_out values and repeats it for every input."""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    row = rng.uniform(-a, a, size=fan_out)
    return np.tile(row, (fan_in, 1))  # BUG: every row the same, entries not independent


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
