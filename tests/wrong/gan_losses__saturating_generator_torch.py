"""PyTorch: the generator minimises log(1 - D(G(z))), the saturating minimax term."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = -F.logsigmoid(d_real_logits).mean() - F.logsigmoid(-d_fake_logits).mean()
    g_loss = F.logsigmoid(-d_fake_logits).mean()  # log(1 - sigmoid(f))
    return d_loss, g_loss
