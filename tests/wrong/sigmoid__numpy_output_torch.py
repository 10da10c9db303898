"""A PyTorch submission that converts the input to NumPy and returns a NumPy array instead of a tensor."""

import numpy as np

FRAMEWORK = "torch"


def sigmoid(x):
    x_np = x.detach().cpu().numpy()
    z = np.exp(-np.abs(x_np))
    return np.where(x_np >= 0, 1.0, z) / (1.0 + z)
