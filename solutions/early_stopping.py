"""Early stopping as Keras' EarlyStopping(restore_best_weights=True), epochs counted from 0.

One pass with three pieces of state: the best loss so far (only an improvement by more
than min_delta may change it), the epoch of that improvement, and the number of epochs
since it. The epoch that brings this count to patience is where training stops; epochs
after it are never looked at. Without such an epoch training runs to the last one.
"""


def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        loss = float(loss)
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
