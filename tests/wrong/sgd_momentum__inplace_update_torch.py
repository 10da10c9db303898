"""Updates the velocity and weights with in-place tensor ops (mul_/add_/sub_), modifying the caller's tensors."""

FRAMEWORK = "torch"


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    v.mul_(momentum).add_(dw)
    step = dw + momentum * v if nesterov else v
    w.sub_(lr * step)
    return w, v
