"""Two-layer ReLU network loss and gradients in PyTorch, gradients via autograd.

The parameters are detached copies marked requires_grad, so the caller's tensors are
untouched; the loss is F.cross_entropy (mean, stable) + 0.5 * reg * (|W1|^2 + |W2|^2),
and torch.autograd.grad returns the four gradients as plain tensors on the input device.
"""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"

_NAMES = ("W1", "b1", "W2", "b2")


def mlp_loss_and_grads(X, y, params, reg=0.0):
    p = {k: params[k].detach().requires_grad_(True) for k in _NAMES}
    with torch.enable_grad():
        h = torch.relu(X @ p["W1"] + p["b1"])
        scores = h @ p["W2"] + p["b2"]
        loss = F.cross_entropy(scores, y)
        loss = loss + 0.5 * reg * (p["W1"].pow(2).sum() + p["W2"].pow(2).sum())
        grads = torch.autograd.grad(loss, [p[k] for k in _NAMES])
    return loss.detach(), dict(zip(_NAMES, grads))
