"""Stops when the count exceeds patience (wait > patience), on a tensor of losses."""

import torch

FRAMEWORK = "torch"


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = torch.as_tensor(val_losses, dtype=torch.float64)
    best, best_epoch, wait = torch.tensor(float("inf"), dtype=torch.float64), 0, 0
    for epoch in range(losses.shape[0]):
        if losses[epoch] < best - min_delta:
            best, best_epoch, wait = losses[epoch], epoch, 0
        else:
            wait += 1
            if wait > patience:
                return epoch, best_epoch
    return losses.shape[0] - 1, best_epoch
