"""Each batch's loss is recorded after its update, with the new weights."""

import numpy as np


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0.copy(), []
    for e in range(epochs):
        for start in range(0, len(X), batch_size):
            idx = perms[e][start:start + batch_size]
            Xb, yb = X[idx], y[idx]
            w = w - lr * 2.0 / len(idx) * (Xb.T @ (Xb @ w - yb))
            losses.append(float(np.mean((Xb @ w - yb) ** 2)))
    return w, losses
