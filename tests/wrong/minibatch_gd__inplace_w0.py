"""w = w0 then w -= ...: the caller's w0 is updated in place."""

import numpy as np


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0, []
    for e in range(epochs):
        for start in range(0, len(X), batch_size):
            idx = perms[e][start:start + batch_size]
            r = X[idx] @ w - y[idx]
            losses.append(float(np.mean(r * r)))
            w -= lr * 2.0 / len(idx) * (X[idx].T @ r)
    return w, losses
