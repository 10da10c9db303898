"""PyTorch: F.binary_cross_entropy_with_logits with its default mean over all N·D elements."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def reparameterize(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    recon = F.binary_cross_entropy_with_logits(x_recon_logits, x)
    kl = -0.5 * torch.mean(torch.sum(1 + logvar - mu**2 - logvar.exp(), dim=1))
    return recon + kl, recon, kl
