"""Mean binary cross-entropy on logits in PyTorch, stable, returning the gradient as a value.

The loss uses max(z, 0) - z*y + log1p(exp(-|z|)) (no positive exponent, no log of an
underflowed sigmoid) and stays a 0-d tensor in the graph; dlogits = (sigmoid(z) - y) / n
comes from the detached logits (torch.sigmoid is stable), on the input's device and dtype.
"""

import torch

FRAMEWORK = "torch"


def bce_with_logits(logits, targets):
    terms = logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))
    loss = terms.mean()
    dlogits = (torch.sigmoid(logits.detach()) - targets) / logits.numel()
    return loss, dlogits
