"""The last short batch of each epoch is dropped: range(N // batch_size) batches."""

import numpy as np


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0.copy(), []
    for e in range(epochs):
        for b in range(len(X) // batch_size):
            idx = perms[e][b * batch_size:(b + 1) * batch_size]
            r = X[idx] @ w - y[idx]
            losses.append(float(np.mean(r * r)))
            w = w - lr * 2.0 / batch_size * (X[idx].T @ r)
    return w, losses
