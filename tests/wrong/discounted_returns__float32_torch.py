"""PyTorch: the returns are collected as Python floats and turned into torch.tensor(list), which is
float32 (the default dtype) on the CPU."""

import torch

FRAMEWORK = "torch"


def discounted_returns(rewards, gamma, dones=None):
    out, G = [], 0.0
    for t in reversed(range(rewards.shape[0])):
        if dones is not None and bool(dones[t]):
            G = 0.0
        G = rewards[t].item() + gamma * G
        out.append(G)
    return torch.tensor(out[::-1])
