"""Mean squared error in PyTorch, returning the gradient as a value.

The loss stays a 0-d tensor in the graph of pred; the gradient 2 (pred - target) / n is
computed from the detached difference, so it is plain data on the input's device and dtype.
"""

FRAMEWORK = "torch"


def mse_loss(pred, target):
    diff = pred - target
    loss = (diff * diff).mean()
    dpred = 2.0 * diff.detach() / diff.numel()
    return loss, dpred
