"""Cosines in the even columns and sines in the odd ones."""

import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    p = np.arange(seq_len)[:, None]
    angle = p / 10000 ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.cos(angle)
    pe[:, 1::2] = np.sin(angle)
    return pe
