"""PyTorch: the loss is right, dlogits = sigmoid(z) - y misses the 1/n of the mean."""

import torch

FRAMEWORK = "torch"


def bce_with_logits(logits, targets):
    loss = (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))).mean()
    return loss, torch.sigmoid(logits.detach()) - targets
