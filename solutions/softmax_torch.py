"""Softmax along any dimension with PyTorch ops.

The maximum along the dimension is subtracted before exponentiating (the result is
shift-invariant), so logits of magnitude 1e4 neither overflow nor give inf/inf = NaN.
Everything is a differentiable torch op, so autograd supplies the backward pass.
"""

import torch

FRAMEWORK = "torch"


def softmax(x, axis=-1):
    e = torch.exp(x - x.amax(dim=axis, keepdim=True))
    return e / e.sum(dim=axis, keepdim=True)
