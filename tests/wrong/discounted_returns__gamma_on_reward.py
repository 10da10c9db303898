"""Discounts step t's own reward too, G_t = γ·(r_t + G_{t+1}): every return γ times too small."""

import numpy as np


def discounted_returns(rewards, gamma, dones=None):
    out = np.zeros(len(rewards))
    G = 0.0
    for t in reversed(range(len(rewards))):
        if dones is not None and dones[t]:
            G = 0.0
        G = gamma * (rewards[t] + G)
        out[t] = G
    return out
