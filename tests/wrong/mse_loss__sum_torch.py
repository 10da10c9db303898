"""PyTorch: the loss is F.mse_loss(..., reduction='sum') and dpred 2(pred - target)."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def mse_loss(pred, target):
    loss = F.mse_loss(pred, target, reduction="sum")
    return loss, 2.0 * (pred - target).detach()
