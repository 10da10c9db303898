"""The VAE's reparameterised sample and loss in PyTorch, differentiable by autograd.

z = mu + exp(logvar/2)·eps. The losses stay 0-d tensors in the graph: recon is the BCE on
logits, written stably as clamp(l, min=0) - l·x + log1p(exp(-|l|)), summed over the
features and averaged over the batch; kl is -½·Σ(1 + logvar - mu² - exp(logvar)) summed
over the latent dimensions and averaged over the batch.
"""

import torch

FRAMEWORK = "torch"


def reparameterize(mu, logvar, eps):
    std = torch.exp(0.5 * logvar)
    return mu + std * eps


def vae_loss(x, x_recon_logits, mu, logvar):
    n = x.shape[0]
    l = x_recon_logits
    bce = l.clamp(min=0) - l * x + torch.log1p(torch.exp(-l.abs()))  # (N, D)
    recon = bce.sum(dim=1).mean()
    kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
    return recon + kl, recon, kl
