"""Accumulates the returns in the rewards array itself (rewards[t] += γ·rewards[t+1]) and returns
it: the right numbers, but the caller's rewards are overwritten."""

import numpy as np


def discounted_returns(rewards, gamma, dones=None):
    ends = np.zeros(len(rewards), dtype=bool) if dones is None else np.asarray(dones)
    for t in reversed(range(len(rewards) - 1)):
        if not ends[t]:
            rewards[t] += gamma * rewards[t + 1]
    return rewards
