"""Integer arange divided by a float tensor: the result has PyTorch's default dtype, float32."""

import torch

FRAMEWORK = "torch"


def sinusoidal_positional_encoding(seq_len, d_model):
    p = torch.arange(seq_len)[:, None]
    angle = p / 10000 ** (torch.arange(0, d_model, 2) / d_model)
    pe = torch.zeros(seq_len, d_model)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe
