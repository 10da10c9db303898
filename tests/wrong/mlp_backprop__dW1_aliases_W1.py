"""mlp_loss_and_grads starts dW1 as an alias of W1 (dW1 = W1; dW1 *= reg; dW1 += X.T @ dz1), so the caller's W1 is overwritten with its gradient."""

import numpy as np


def mlp_loss_and_grads(X, y, params, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    y = np.asarray(y)
    n = X.shape[0]
    rows = np.arange(n)

    # Forward pass.
    z1 = X @ W1 + b1
    h = np.maximum(z1, 0.0)
    scores = h @ W2 + b2
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    data_loss = -log_probs[rows, y].mean()
    reg_loss = 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    loss = data_loss + reg_loss

    # Backward pass.
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= n
    dW2 = h.T @ dscores + reg * W2
    db2 = dscores.sum(axis=0)
    dz1 = (dscores @ W2.T) * (z1 > 0)
    dW1 = W1  # the L2 term first, then the data term
    dW1 *= reg
    dW1 += X.T @ dz1
    db1 = dz1.sum(axis=0)

    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    return float(loss), grads
