"""The discriminator loss is averaged, 0.5*(BCE(real,1) + BCE(fake,0)), instead of summed."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def gan_train_step(G, D, opt_G, opt_D, real, z):
    # Discriminator step.
    opt_D.zero_grad()
    fake = G(z).detach()
    d_real, d_fake = D(real), D(fake)
    d_loss = 0.5 * (F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
              + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))
    d_loss.backward()
    opt_D.step()

    # Generator step, through the freshly updated discriminator.
    opt_G.zero_grad()
    d_gen = D(G(z))
    g_loss = F.binary_cross_entropy_with_logits(d_gen, torch.ones_like(d_gen))
    g_loss.backward()
    opt_G.step()
    return d_loss.item(), g_loss.item()
