"""The weight step uses the velocity from before this step's update (w moves by lr*v_old)."""


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    step = dw + momentum * v if nesterov else v
    v = momentum * v + dw
    return w - lr * step, v
