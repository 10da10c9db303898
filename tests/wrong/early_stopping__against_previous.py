"""Each loss is compared with the previous epoch's loss instead of the best so far."""


def early_stopping(val_losses, patience, min_delta=0.0):
    prev, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < prev - min_delta:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
        prev = loss
    return len(val_losses) - 1, best_epoch
