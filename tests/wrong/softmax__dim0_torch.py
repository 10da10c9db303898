"""softmax always normalises over dim 0, ignoring the axis argument."""

import torch

FRAMEWORK = "torch"


def softmax(x, axis=-1):
    e = torch.exp(x - x.amax(dim=0, keepdim=True))
    return e / e.sum(dim=0, keepdim=True)
