"""perms is ignored: every epoch visits the samples in their stored order 0, 1, ..., N - 1."""

import numpy as np


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0.copy(), []
    for e in range(epochs):
        for start in range(0, len(X), batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            r = Xb @ w - yb
            losses.append(float(np.mean(r * r)))
            w = w - lr * 2.0 / len(yb) * (Xb.T @ r)
    return w, losses
