"""Affine layer out = x @ W + b and its backward pass.

With out = x W + b: dx = dout W^T, dW = x^T dout, and db sums dout over the batch,
because the same bias is added to every row. Shapes check the formulas: dx is (N, D),
dW is (D, M) and db is (M,).
"""


def linear_forward(x, W, b):
    return x @ W + b


def linear_backward(dout, x, W, b):
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db
