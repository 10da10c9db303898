"""The gradient is divided by batch_size even for the last, shorter batch."""

import torch

FRAMEWORK = "torch"


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0.clone(), []
    for e in range(epochs):
        for idx in torch.split(perms[e], batch_size):
            r = X[idx] @ w - y[idx]
            losses.append((r * r).mean())
            w = w - lr * 2.0 / batch_size * (X[idx].T @ r)
    return w, losses
