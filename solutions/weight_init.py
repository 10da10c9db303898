"""Xavier (Glorot) uniform and He (Kaiming) normal initialization of a weight W used as x @ W.

W has one row per input and one column per output: shape (fan_in, fan_out).

- Xavier: Var(W) = 2/(fan_in + fan_out), the compromise between keeping the activations'
  variance (needs fan_in·Var(W) = 1) and the gradients' variance (fan_out·Var(W) = 1).
  U(−a, a) has variance a²/3, so a = √(6/(fan_in + fan_out)).
- He: ReLU halves the second moment of a symmetric input, so the forward variance stays
  constant when fan_in·Var(W)/2 = 1: std = √(2/fan_in). NumPy's `normal` takes the standard
  deviation, not the variance.

Every value comes from the given Generator, so equal seeds give equal arrays.
"""

import numpy as np


def xavier_uniform(fan_in, fan_out, rng):
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, rng):
    std = np.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=(fan_in, fan_out))
