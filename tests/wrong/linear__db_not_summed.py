"""linear_backward returns db = dout (shape (N, M)) instead of summing over the batch."""


def linear_forward(x, W, b):
    return x @ W + b


def linear_backward(dout, x, W, b):
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout
    return dx, dW, db
