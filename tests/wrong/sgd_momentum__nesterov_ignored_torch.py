"""nesterov=True takes the plain momentum step w - lr*v instead of w - lr*(g + mu*v)."""

FRAMEWORK = "torch"


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    v = momentum * v + dw
    step = v
    return w - lr * step, v
