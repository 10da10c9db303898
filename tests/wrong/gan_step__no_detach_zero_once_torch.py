"""Zeroes both optimizers once at the start and does not detach G(z) in the D step, so G's step also applies the D-loss gradient."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def gan_train_step(G, D, opt_G, opt_D, real, z):
    opt_D.zero_grad()
    opt_G.zero_grad()
    fake = G(z)
    d_real, d_fake = D(real), D(fake)
    d_loss = (F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
              + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))
    d_loss.backward(retain_graph=True)
    opt_D.step()

    d_gen = D(fake)
    g_loss = F.binary_cross_entropy_with_logits(d_gen, torch.ones_like(d_gen))
    g_loss.backward()
    opt_G.step()
    return d_loss.item(), g_loss.item()
