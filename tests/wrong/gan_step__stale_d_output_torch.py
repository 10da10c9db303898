"""The generator loss reuses D's output on G(z) from before D's update (one forward, retain_graph) instead of recomputing D(G(z))."""

import torch
import torch.nn.functional as F

FRAMEWORK = "torch"


def gan_train_step(G, D, opt_G, opt_D, real, z):
    # One forward pass shared by both losses.
    fake = G(z)
    d_real, d_fake = D(real), D(fake)
    d_loss = (F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real))
              + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))
    g_loss = F.binary_cross_entropy_with_logits(d_fake, torch.ones_like(d_fake))

    opt_D.zero_grad()
    d_loss.backward(retain_graph=True, inputs=list(D.parameters()))
    opt_G.zero_grad()
    g_loss.backward(inputs=list(G.parameters()))
    opt_D.step()
    opt_G.step()
    return d_loss.item(), g_loss.item()
