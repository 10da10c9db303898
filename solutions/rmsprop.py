"""One RMSprop step, matching torch.optim.RMSprop (no momentum, not centered).

s is an exponential moving average of the squared gradient, with alpha the weight of the
old average: s_new = alpha * s + (1 - alpha) * g^2. Each coordinate then steps by
lr * g / (sqrt(s_new) + eps), with eps outside the square root as in PyTorch. There is no
bias correction: from s = 0 the first step is about lr / sqrt(1 - alpha) in size.
"""

import numpy as np


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    s_new = alpha * s + (1.0 - alpha) * dw * dw
    w_new = w - lr * dw / (np.sqrt(s_new) + eps)
    return w_new, s_new
