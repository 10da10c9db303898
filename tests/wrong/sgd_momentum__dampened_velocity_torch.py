"""The velocity is an exponential average, v = mu*v + (1 - mu)*g, instead of torch's v = mu*v + g."""

FRAMEWORK = "torch"


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    v = momentum * v + (1.0 - momentum) * dw
    step = dw + momentum * v if nesterov else v
    return w - lr * step, v
