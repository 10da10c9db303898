"""Linear regression by mini-batch gradient descent on tensors, the gradient derived by hand.

perms[e] (an int64 tensor on the data's device) orders epoch e; batches are consecutive
slices of batch_size indices, the last one possibly shorter, and B is the size of the
batch at hand: loss = mean((Xb w - yb)^2), gradient 2/B * Xb^T (Xb w - yb). The loss is
recorded before the update, and every operation is out of place, so w0 is untouched and
w stays on the inputs' device.
"""

import torch

FRAMEWORK = "torch"


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    n = X.shape[0]
    w = w0.clone()
    losses = []
    for e in range(epochs):
        order = perms[e]
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            Xb, yb = X[idx], y[idx]  # (B, D), (B,)
            r = Xb @ w - yb  # (B,)
            losses.append((r * r).mean())  # a 0-d tensor on the inputs' device
            w = w - lr * (2.0 / idx.shape[0]) * (Xb.T @ r)
    return w, losses
