"""PyTorch: the losses are returned as Python floats (.item()), outside the autograd graph."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = -F.logsigmoid(d_real_logits).mean() - F.logsigmoid(-d_fake_logits).mean()
    g_loss = -F.logsigmoid(d_fake_logits).mean()
    return d_loss.item(), g_loss.item()
