"""PyTorch: the stable form half-remembered, -z*y + log1p(exp(-|z|)) without the max(z, 0) term."""

import torch

FRAMEWORK = "torch"


def bce_with_logits(logits, targets):
    loss = (-logits * targets + torch.log1p(torch.exp(-logits.abs()))).mean()
    dlogits = (torch.sigmoid(logits.detach()) - targets) / logits.numel()
    return loss, dlogits
