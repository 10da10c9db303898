"""Updates v and w in place (v *= mu; v += g; w -= lr*step), modifying the caller's arrays."""


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    v *= momentum
    v += dw
    step = dw + momentum * v if nesterov else v
    w -= lr * step
    return w, v
