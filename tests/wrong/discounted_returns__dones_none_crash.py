"""Always indexes dones: with the default dones=None, `dones[t]` raises a TypeError."""

import numpy as np


def discounted_returns(rewards, gamma, dones=None):
    out = np.zeros(len(rewards))
    G = 0.0
    for t in reversed(range(len(rewards))):
        G = rewards[t] + gamma * G * (1 - dones[t])
        out[t] = G
    return out
