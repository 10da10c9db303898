"""PyTorch: g_loss is computed on d_fake_logits.detach(), so it sends no gradient back."""

import torch.nn.functional as F

FRAMEWORK = "torch"


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = -F.logsigmoid(d_real_logits).mean() - F.logsigmoid(-d_fake_logits).mean()
    g_loss = -F.logsigmoid(d_fake_logits.detach()).mean()  # "the generator must not train D"
    return d_loss, g_loss
