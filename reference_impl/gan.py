"""GAN objectives on discriminator logits, and one alternating training step.

Math (Goodfellow et al., 2014, "Generative Adversarial Nets", with the non-saturating
generator loss of §3): d_loss = BCE(D(x), 1) + BCE(D(G(z)), 0), g_loss = BCE(D(G(z)), 1),
where BCE on a logit z with target y is max(z, 0) − z·y + log(1 + e^{−|z|}), the stable
form of −y·log σ(z) − (1 − y)·log(1 − σ(z)).
"""

import torch


def _bce_with_logits_mean(z, y):
    """Mean binary cross-entropy of logits ``z`` against a constant target ``y``."""
    # max(z, 0) written as (z + |z|)/2: equal in value, and its autograd slope at z = 0 is
    # 1/2, so the sum below has the true derivative σ(z) − y even at exactly 0.
    relu_z = (z + z.abs()) / 2
    return (relu_z - z * y + torch.log1p(torch.exp(-z.abs()))).mean()


def gan_losses(d_real_logits, d_fake_logits):
    """Discriminator and non-saturating generator losses on logits.

    Args:
        d_real_logits: Discriminator logits on real samples, any shape.
        d_fake_logits: Discriminator logits on generated samples, any shape.

    Returns:
        ``(d_loss, g_loss)``, 0-d tensors: d_loss = BCE(real, 1) + BCE(fake, 0) and
        g_loss = BCE(fake, 1), each BCE a mean over its own batch.
    """
    real_is_real = _bce_with_logits_mean(d_real_logits, 1.0)
    fake_is_fake = _bce_with_logits_mean(d_fake_logits, 0.0)
    d_loss = real_is_real + fake_is_fake
    g_loss = _bce_with_logits_mean(d_fake_logits, 1.0)
    return d_loss, g_loss


def gan_train_step(G, D, opt_G, opt_D, real, z):
    """One discriminator step, then one generator step (the losses of :func:`gan_losses`).

    Args:
        G: Generator module, z ↦ fake samples.
        D: Discriminator module, samples ↦ logits.
        opt_G: Optimizer over G's parameters.
        opt_D: Optimizer over D's parameters.
        real: Batch of real samples.
        z: Batch of latent codes.

    Returns:
        ``(d_loss, g_loss)`` as Python floats; g_loss is computed after D's update.
    """
    opt_D.zero_grad()
    fake = G(z).detach()  # no gradient into G during D's step
    d_loss, _ = gan_losses(D(real), D(fake))
    d_loss.backward()
    opt_D.step()

    opt_G.zero_grad()
    g_loss = _bce_with_logits_mean(D(G(z)), 1.0)  # recomputed with the updated D
    g_loss.backward()
    opt_G.step()
    return d_loss.item(), g_loss.item()
