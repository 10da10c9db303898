"""The exponent 2i/d written as i/d with the pair index i = 0 … d/2 − 1."""

import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    p = np.arange(seq_len)[:, None]
    i = np.arange(d_model // 2)
    angle = p / 10000 ** (i / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return pe
