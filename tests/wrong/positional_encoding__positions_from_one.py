"""Positions counted from 1 instead of 0."""

import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    p = np.arange(1, seq_len + 1)[:, None]
    angle = p / 10000 ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return pe
