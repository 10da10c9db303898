"""PyTorch: G_t = r_t + γ·(1 - done_{t+1})·G_{t+1}, the mask of the next step instead of this one."""

import torch

FRAMEWORK = "torch"


def discounted_returns(rewards, gamma, dones=None):
    T = rewards.shape[0]
    done = torch.zeros_like(rewards) if dones is None else dones.to(rewards.dtype)
    out = torch.zeros_like(rewards)
    G = rewards.new_zeros(())
    for t in reversed(range(T)):
        cut = done[t + 1] if t + 1 < T else 0.0
        G = rewards[t] + gamma * (1 - cut) * G
        out[t] = G
    return out
