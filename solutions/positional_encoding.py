"""Sinusoidal positional encodings (Vaswani et al., 2017, §3.5) in NumPy.

Angles p·ω_i for positions p = 0 … L−1 and frequencies ω_i = 10000^(−2i/d), one per column
pair, as an (L, 1) × (1, d/2) broadcast; sines go to the even columns, cosines to the odd.
"""

import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    p = np.arange(seq_len, dtype=np.float64)[:, None]  # (L, 1)
    two_i = np.arange(0, d_model, 2, dtype=np.float64)  # (d/2,): 0, 2, 4, ...
    angle = p / 10000.0 ** (two_i / d_model)  # (L, d/2)
    pe = np.empty((seq_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return pe
