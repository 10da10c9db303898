"""One SGD-with-momentum step on tensors, matching torch.optim.SGD (dampening 0).

v <- mu * v + g, then w <- w - lr * v (Nesterov: w <- w - lr * (g + mu * v) with the new
v). Only out-of-place tensor arithmetic is used, so the caller's tensors are unchanged
and the results stay on their device and dtype.
"""

FRAMEWORK = "torch"


def sgd_momentum_step(w, dw, v, lr, momentum=0.9, nesterov=False):
    v = momentum * v + dw
    step = dw + momentum * v if nesterov else v
    return w - lr * step, v
