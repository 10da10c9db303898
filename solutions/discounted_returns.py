"""Discounted returns with episode ends, NumPy.

One backward pass: G_t = r_t + γ·G_{t+1}, where the running return from step t + 1 is reset
to 0 *before* step t's reward is added when step t ends its episode (r_t belongs to the
episode that ends, nothing after it does). G_T = 0 after the last step.
"""

import numpy as np


def discounted_returns(rewards, gamma, dones=None):
    out = np.zeros(len(rewards))
    G = 0.0
    for t in reversed(range(len(rewards))):
        if dones is not None and dones[t]:
            G = 0.0
        G = rewards[t] + gamma * G
        out[t] = G
    return out
