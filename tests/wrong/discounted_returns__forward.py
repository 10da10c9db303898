"""Accumulates from the first step forwards, G_t = r_t + γ·G_{t-1}, restarting after each done:
discounted sums of the past rewards instead of the future ones."""

import numpy as np


def discounted_returns(rewards, gamma, dones=None):
    out = np.zeros(len(rewards))
    G = 0.0
    for t in range(len(rewards)):
        G = rewards[t] + gamma * G
        out[t] = G
        if dones is not None and dones[t]:
            G = 0.0
    return out
