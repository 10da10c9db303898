"""PyTorch oracles for reference_impl.formulas.data: normalise, flip, unfold, one-hot and pad."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence

D = torch.float64


def standardised_pixel(v, mean, std):
    x = torch.tensor([[float(v)]], dtype=D) / 255  # one sample, one channel
    out = F.batch_norm(x, torch.tensor([mean], dtype=D), torch.tensor([std * std], dtype=D),
                       training=False, eps=0.0)
    return out.item()


def caffe_first_channel(r, g, b):
    rgb = torch.tensor([r, g, b], dtype=D)
    bgr = torch.flip(rgb, dims=[0])
    return (bgr - torch.tensor([103.939, 116.779, 123.68], dtype=D))[0].item()


def crops_with_flips(n, c):
    windows = torch.zeros(n, n).unfold(0, c, 1).unfold(1, c, 1)  # a view: no copy
    return windows.shape[0] * windows.shape[1] * len((False, True))


def one_hot_entries(b, l, v, d):
    ids = torch.zeros(b, l, dtype=torch.long, device="meta")
    return F.one_hot(ids, v).numel()


def pad_tokens(l1, l2, l3, l4):
    seqs = [torch.ones(n, dtype=torch.long) for n in (l1, l2, l3, l4)]
    padded = pad_sequence(seqs, batch_first=True, padding_value=0)
    return int((padded == 0).sum())


def loader_workers_needed(batch, decode_ms, step_ms):
    # Simulate a DataLoader: batch j goes to worker j % w, each worker builds its batches one
    # after another; the GPU trains on batch j as soon as it is ready and the previous step is
    # done. Return the fewest workers for which the GPU never waits once the pipeline is full.
    per_batch = batch * decode_ms
    for workers in range(1, 1000):
        gpu_free, waited = 0.0, 0.0
        steps = 50 * workers
        for j in range(steps):
            ready = (j // workers + 1) * per_batch
            if j >= steps // 2:
                waited += max(0.0, ready - gpu_free)
            gpu_free = max(ready, gpu_free) + step_ms
        if waited == 0:
            return workers
    raise AssertionError("no worker count keeps up")


_M = "reference_impl.formulas.data."
ORACLES = {_M + f.__name__: f for f in (standardised_pixel, caffe_first_channel, crops_with_flips,
                                        one_hot_entries, pad_tokens,
                                        loader_workers_needed)}
