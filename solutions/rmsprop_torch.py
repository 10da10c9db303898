"""One RMSprop step on tensors, matching torch.optim.RMSprop (no momentum, not centered).

s_new = alpha * s + (1 - alpha) * g^2 and w_new = w - lr * g / (sqrt(s_new) + eps), eps
outside the square root. Every operation is out of place, so the caller's w, dw and s are
unchanged, and the results stay on the inputs' device.
"""

import torch

FRAMEWORK = "torch"


def rmsprop_step(w, dw, s, lr=0.01, alpha=0.99, eps=1e-8):
    s_new = alpha * s + (1.0 - alpha) * dw * dw
    w_new = w - lr * dw / (torch.sqrt(s_new) + eps)
    return w_new, s_new
