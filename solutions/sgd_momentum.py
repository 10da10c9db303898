"""One SGD-with-momentum step, matching torch.optim.SGD (dampening 0).

The velocity accumulates raw gradients, v <- mu * v + g, and the step is w <- w - lr * v;
Nesterov looks ahead with w <- w - lr * (g + mu * v) using the *new* v. New arrays are
returned; the inputs are never updated in place.
"""


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    v = momentum * v + dw
    step = dw + momentum * v if nesterov else v
    return w - lr * step, v
