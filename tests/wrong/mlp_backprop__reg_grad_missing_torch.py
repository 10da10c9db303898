"""Gradients are taken of the data loss only, so reg*W is missing from dW1 and dW2 although the loss includes the penalty."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"

_NAMES = ("W1", "b1", "W2", "b2")


def mlp_loss_and_grads(X, y, params, reg=0.0):
    p = {k: params[k].detach().requires_grad_(True) for k in _NAMES}
    with torch.enable_grad():
        h = torch.relu(X @ p["W1"] + p["b1"])
        scores = h @ p["W2"] + p["b2"]
        data_loss = F.cross_entropy(scores, y)
        loss = data_loss + 0.5 * reg * (p["W1"].pow(2).sum() + p["W2"].pow(2).sum())
        grads = torch.autograd.grad(data_loss, [p[k] for k in _NAMES])
    return loss.detach(), dict(zip(_NAMES, grads))
