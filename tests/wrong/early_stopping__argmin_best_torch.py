"""best_epoch = argmin of the losses up to the stop: ignores min_delta's rule that small gains do not count."""

import torch

FRAMEWORK = "torch"


def early_stopping(val_losses, patience, min_delta=0.0):
    losses = torch.as_tensor(val_losses, dtype=torch.float64)
    best, wait, stop = float("inf"), 0, losses.shape[0] - 1
    for epoch, loss in enumerate(losses.tolist()):
        if loss < best - min_delta:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                stop = epoch
                break
    return stop, int(torch.argmin(losses[:stop + 1]))
