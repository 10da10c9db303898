"""linear_backward computes dW = dout.T @ x, the (M, D) transpose of the gradient."""


def linear_forward(x, W, b):
    return x @ W + b


def linear_backward(dout, x, W, b):
    dx = dout @ W.T
    dW = dout.T @ x
    db = dout.sum(axis=0)
    return dx, dW, db
