"""Cosines in the even columns and sines in the odd ones."""

import torch

FRAMEWORK = "torch"


def sinusoidal_positional_encoding(seq_len, d_model):
    p = torch.arange(seq_len, dtype=torch.float64)[:, None]
    angle = p / 10000 ** (torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.cos(angle)
    pe[:, 1::2] = torch.sin(angle)
    return pe
