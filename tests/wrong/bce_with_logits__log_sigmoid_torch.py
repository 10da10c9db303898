"""PyTorch: torch.log(torch.sigmoid(z)) and torch.log(1 - torch.sigmoid(z)) are -inf at large logits."""

import torch

FRAMEWORK = "torch"


def bce_with_logits(logits, targets):
    p = torch.sigmoid(logits)
    loss = -(targets * torch.log(p) + (1 - targets) * torch.log(1 - p)).mean()
    return loss, (p.detach() - targets) / logits.numel()
