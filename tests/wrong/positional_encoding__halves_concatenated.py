"""All sines in the first half of the columns and all cosines in the second (the tensor2tensor
layout), instead of interleaved pairs."""

import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    p = np.arange(seq_len)[:, None]
    angle = p / 10000 ** (np.arange(0, d_model, 2) / d_model)
    return np.concatenate([np.sin(angle), np.cos(angle)], axis=1)
