"""The gradient is divided by batch_size even for the last, shorter batch (the loss uses its real size)."""

import numpy as np


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0.copy(), []
    for e in range(epochs):
        for start in range(0, len(X), batch_size):
            idx = perms[e][start:start + batch_size]
            r = X[idx] @ w - y[idx]
            losses.append(float(np.mean(r * r)))
            w = w - lr * 2.0 / batch_size * (X[idx].T @ r)
    return w, losses
