"""The last short batch of each epoch is dropped (as DataLoader(drop_last=True) would)."""

import torch

FRAMEWORK = "torch"


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0.clone(), []
    for e in range(epochs):
        for b in range(X.shape[0] // batch_size):
            idx = perms[e][b * batch_size:(b + 1) * batch_size]
            r = X[idx] @ w - y[idx]
            losses.append((r * r).mean())
            w = w - lr * 2.0 / batch_size * (X[idx].T @ r)
    return w, losses
