"""The textbook losses from probabilities: log(sigmoid(x)) is log(0) = -inf at large logits."""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gan_losses(d_real_logits, d_fake_logits):
    p_real, p_fake = sigmoid(d_real_logits), sigmoid(d_fake_logits)
    d_loss = -np.mean(np.log(p_real)) - np.mean(np.log(1.0 - p_fake))
    g_loss = -np.mean(np.log(p_fake))
    return float(d_loss), float(g_loss)
