"""Training-loop arithmetic: batches per epoch, optimizer steps with gradient accumulation,
and the value of the numerically stable binary cross-entropy on logits.

Sources:
* PyTorch docs, torch.utils.data.DataLoader: with a batch size B, an epoch over N samples
  has ⌈N/B⌉ batches, or ⌊N/B⌋ with drop_last=True.
* PyTorch docs, torch.nn.BCEWithLogitsLoss: ℓ(z, y) = −[y log σ(z) + (1 − y) log(1 − σ(z))],
  computed stably as max(z, 0) − z·y + log(1 + e^{−|z|}).
"""

from __future__ import annotations

import math


def dataloader_batches(N: int, B: int, drop_last: int) -> dict:
    """Number of batches per epoch, and the size of the last batch."""
    if N < 1 or B < 1 or drop_last not in (0, 1):
        raise ValueError("bad arguments")
    full, rest = divmod(N, B)
    batches = full if drop_last or rest == 0 else full + 1
    if batches == 0:
        raise ValueError("no batch at all")
    last = B if (drop_last or rest == 0) else rest
    return {"answer": batches, "full": full, "rest": rest, "last": last}


def accumulation_steps(N: int, B: int, k: int) -> dict:
    """Optimizer steps in one epoch of the loop `if (i + 1) % k == 0: step()` over
    ⌈N/B⌉ micro-batches (drop_last=False)."""
    if N < 1 or B < 1 or k < 1:
        raise ValueError("bad arguments")
    batches = -(-N // B)
    return {"answer": batches // k, "batches": batches, "leftover": batches % k,
            "effective": B * k}


def bce_with_logits(z: float, y: int) -> dict:
    """BCEWithLogitsLoss for one logit z and target y ∈ {0, 1}."""
    if y not in (0, 1):
        raise ValueError("target must be 0 or 1")
    loss = max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    p = 1.0 / (1.0 + math.exp(-z))
    return {"answer": loss, "p": p}


def low_precision_stall(mbits: int, inc: float) -> dict:
    """Value at which a running sum s ← s + inc stops growing in a float with mbits mantissa bits.

    At s = inc·2**(mbits+1) the spacing of representable numbers is 2·inc, so s + inc is a
    tie and rounds (to even) back to s (IEEE 754 round-to-nearest-even).
    """
    return {"answer": inc * 2.0 ** (mbits + 1), "spacing": 2 * inc}
