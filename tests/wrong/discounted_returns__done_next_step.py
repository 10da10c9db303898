"""Backward loop that resets the running return after storing G_t instead of before: step t - 1
loses G_t when step t is done, and step t keeps the next episode's return."""

import numpy as np


def discounted_returns(rewards, gamma, dones=None):
    out = np.zeros(len(rewards))
    G = 0.0
    for t in reversed(range(len(rewards))):
        G = rewards[t] + gamma * G
        out[t] = G
        if dones is not None and dones[t]:
            G = 0.0
    return out
