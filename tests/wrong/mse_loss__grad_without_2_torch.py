"""PyTorch: the loss is right, dpred = (pred - target)/n misses the factor 2."""

FRAMEWORK = "torch"


def mse_loss(pred, target):
    diff = pred - target
    return (diff ** 2).mean(), diff.detach() / diff.numel()
