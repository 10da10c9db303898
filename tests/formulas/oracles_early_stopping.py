"""Oracles for reference_impl.formulas.early_stopping.

PyTorch has no early-stopping callback, so the procedure is re-simulated independently: the
validation curve becomes a tensor, the running "recorded best" is rebuilt epoch by epoch, and
training ends at the first epoch whose distance to the last improvement reaches the patience.
"""

from __future__ import annotations

import torch

from reference_impl.formulas.early_stopping import CURVE_RESTORE, CURVE_STOP


def _improvements(curve, min_delta):
    losses = torch.tensor(curve, dtype=torch.float64)
    improved, best = [], None
    for t in range(len(losses)):
        ok = best is None or bool(losses[t] < losses[best] - min_delta)
        improved.append(ok)
        if ok:
            best = t
    return improved


def _end_and_best(curve, patience, min_delta):
    improved = _improvements(curve, min_delta)
    last = 0
    for t, ok in enumerate(improved):
        if ok:
            last = t
        elif t - last == patience:
            return t + 1, last + 1
    return len(curve), last + 1


def stop_epoch(patience, min_delta):
    return _end_and_best(CURVE_STOP, patience, min_delta)[0]


def restored_epoch(patience, min_delta):
    return _end_and_best(CURVE_RESTORE, patience, min_delta)[1]


_M = "reference_impl.formulas.early_stopping."
ORACLES = {_M + "stop_epoch": stop_epoch, _M + "restored_epoch": restored_epoch}
