"""w = w0 then w.sub_(...): the caller's w0 tensor is updated in place."""

import torch

FRAMEWORK = "torch"


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    w, losses = w0, []
    for e in range(epochs):
        for idx in torch.split(perms[e], batch_size):
            r = X[idx] @ w - y[idx]
            losses.append((r * r).mean().item())
            w.sub_(lr * 2.0 / len(idx) * (X[idx].T @ r))
    return w, losses
