"""PyTorch: torch.sigmoid of the decoder's logits passed to a BCE that takes logits."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n = x.shape[0]
    x_recon = torch.sigmoid(x_recon_logits)
    recon = F.binary_cross_entropy_with_logits(x_recon, x, reduction="sum") / n
    kl = -0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp()) / n
    return recon + kl, recon, kl
