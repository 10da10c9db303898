"""Early stopping as Keras' EarlyStopping(restore_best_weights=True), on a tensor of losses.

The losses are read once into Python floats (a single transfer from the device, instead of
one per comparison); the rule is then Keras' own: an epoch improves when its loss is below
best - min_delta, only an improvement moves best, and training stops at the epoch that
completes patience epochs in a row without one. Epochs count from 0.
"""

import torch

FRAMEWORK = "torch"


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = torch.as_tensor(val_losses, dtype=torch.float64).tolist()
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(losses):
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(losses) - 1, best_epoch
