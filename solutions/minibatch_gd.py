"""Linear regression trained by mini-batch gradient descent, the sample order given by perms.

Each epoch cuts perms[e] into consecutive batches of batch_size indices; the last batch is
shorter when batch_size does not divide N, and B below is always the size of the batch at
hand. For the batch loss L = mean((Xb w - yb)^2) the gradient is 2/B * Xb^T (Xb w - yb).
Each batch's loss is recorded from the residual that gives its gradient, i.e. before the
update, and w is rebuilt (w = w - ...), so the caller's w0 is never touched.
"""

import numpy as np


def minibatch_gd(X, y, w0, lr, batch_size, epochs, perms):
    n = X.shape[0]
    w = np.array(w0, dtype=np.float64)  # a copy: w0 stays as it was
    losses = []
    for e in range(epochs):
        order = perms[e]
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]  # shorter at the end of the epoch
            Xb, yb = X[idx], y[idx]  # (B, D), (B,)
            r = Xb @ w - yb  # residuals, (B,)
            losses.append(float(np.mean(r * r)))
            w = w - lr * (2.0 / len(idx)) * (Xb.T @ r)
    return w, losses
