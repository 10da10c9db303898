"""Finds the stop epoch, then takes best_epoch over the whole list, including epochs after the stop."""


def early_stopping(val_losses, patience, min_delta=0.0):
    best, wait, stop = float("inf"), 0, None
    best_epoch = 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience and stop is None:
                stop = epoch
    return (len(val_losses) - 1 if stop is None else stop), best_epoch
