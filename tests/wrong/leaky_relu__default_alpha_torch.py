"""F.leaky_relu(x) called without negative_slope: always the default slope 0.01."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def leaky_relu(x, alpha=0.01):
    return F.leaky_relu(x)
