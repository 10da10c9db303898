"""Copies torch.optim.RMSprop's in-place updates: square_avg.mul_().addcmul_() changes the caller's s."""

import torch

FRAMEWORK = "torch"


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    s.mul_(alpha).addcmul_(dw, dw, value=1.0 - alpha)
    w = w - lr * dw / (s.sqrt() + eps)
    return w, s
