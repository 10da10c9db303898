"""Discounted returns with episode ends, PyTorch.

The same backward recursion as the NumPy solution, with the episode ends as a 0./1. factor:
G_t = r_t + γ·(1 − done_t)·G_{t+1}. The output is preallocated with `new_zeros`, so it is
float64 on the rewards' device (`torch.tensor` of a list of floats would be float32 on the CPU).
"""

import torch

FRAMEWORK = "torch"


def discounted_returns(rewards, gamma, dones=None):
    T = rewards.shape[0]
    keep = torch.ones_like(rewards) if dones is None else 1.0 - dones.to(rewards.dtype)
    out = rewards.new_zeros(T)
    G = rewards.new_zeros(())
    for t in reversed(range(T)):
        G = rewards[t] + gamma * keep[t] * G
        out[t] = G
    return out
