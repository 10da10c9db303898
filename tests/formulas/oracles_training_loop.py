"""PyTorch oracles for reference_impl.formulas.training_loop: build a real DataLoader and
count, simulate the accumulation loop, run BCEWithLogitsLoss."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, TensorDataset


def dataloader_batches(N, B, drop_last):
    return len(DataLoader(TensorDataset(torch.zeros(N, 1)), batch_size=B,
                          drop_last=bool(drop_last)))


def accumulation_steps(N, B, k):
    loader = DataLoader(TensorDataset(torch.zeros(N, 1)), batch_size=B)
    steps = 0
    for i in range(len(loader)):  # the loop body of the question, without the model
        if (i + 1) % k == 0:
            steps += 1
    return steps


def bce_with_logits(z, y):
    loss = torch.nn.BCEWithLogitsLoss()
    return loss(torch.tensor([z], dtype=torch.float64),
                torch.tensor([float(y)], dtype=torch.float64)).item()


def low_precision_stall(mbits, inc):
    dtype = {7: torch.bfloat16, 10: torch.float16}[mbits]
    s = torch.zeros((), dtype=dtype)
    step = torch.tensor(inc, dtype=dtype)
    while True:
        nxt = s + step
        if nxt == s:
            return s.item()
        s = nxt


ORACLES = {
    "reference_impl.formulas.training_loop.dataloader_batches": dataloader_batches,
    "reference_impl.formulas.training_loop.accumulation_steps": accumulation_steps,
    "reference_impl.formulas.training_loop.bce_with_logits": bce_with_logits,
    "reference_impl.formulas.training_loop.low_precision_stall": low_precision_stall,
}
