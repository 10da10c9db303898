"""PyTorch: each term is (1 - y) z + log(1 + exp(-z)); exp(-z) overflows to inf for z << 0."""

import torch

FRAMEWORK = "torch"


def bce_with_logits(logits, targets):
    loss = ((1 - targets) * logits + torch.log(1 + torch.exp(-logits))).mean()
    dlogits = (torch.sigmoid(logits.detach()) - targets) / logits.numel()
    return loss, dlogits
