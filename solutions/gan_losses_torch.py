"""GAN losses on discriminator logits in PyTorch, stable for logits up to 1e4.

BCE(l, 1) = softplus(-l) and BCE(l, 0) = softplus(l), with softplus(u) = log(1 + e^u)
written as clamp(u, min=0) + log1p(exp(-|u|)): finite values and finite autograd gradients
at any logit (away from exactly 0, where clamp's slope is a subgradient). Both losses stay
0-d tensors in the graph, so autograd differentiates them with respect to both logits.
"""

import torch

FRAMEWORK = "torch"


def _softplus(u):
    """log(1 + e^u) without overflow."""
    return u.clamp(min=0) + torch.log1p(torch.exp(-u.abs()))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = _softplus(-d_real_logits).mean() + _softplus(d_fake_logits).mean()
    g_loss = _softplus(-d_fake_logits).mean()  # non-saturating: -mean log sigmoid(fake)
    return d_loss, g_loss
