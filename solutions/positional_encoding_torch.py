"""Sinusoidal positional encodings in PyTorch, as a float64 CPU tensor.

The same broadcast of positions against frequencies 10000^(−2i/d) as the NumPy solution;
every tensor is created as float64 explicitly, since integer `arange` divided by a number
would give the default float32.
"""

import torch

FRAMEWORK = "torch"


def sinusoidal_positional_encoding(seq_len, d_model):
    p = torch.arange(seq_len, dtype=torch.float64)[:, None]  # (L, 1)
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)  # (d/2,)
    angle = p * torch.exp(-torch.log(torch.tensor(10000.0, dtype=torch.float64)) * two_i / d_model)
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe
