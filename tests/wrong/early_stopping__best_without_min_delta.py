"""best = min(best, loss) on every epoch: best is lowered even by gains smaller than min_delta."""


def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
        best = min(best, float(loss))
    return len(val_losses) - 1, best_epoch
