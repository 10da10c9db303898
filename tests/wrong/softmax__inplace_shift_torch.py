"""softmax subtracts the maximum from the input tensor in place (x -= max), changing the caller's tensor."""

import torch

FRAMEWORK = "torch"


def softmax(x, axis=-1):
    x -= x.amax(dim=axis, keepdim=True)
    e = torch.exp(x)
    return e / e.sum(dim=axis, keepdim=True)
