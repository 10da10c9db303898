"""Oracles for reference_impl.formulas.training_at_scale: count the samples DistributedSampler
hands out, run torch.optim.SGD and Adam, call clip_grad_norm_, simulate a GPipe schedule."""

from __future__ import annotations

import math

import torch
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset


def effective_batch_size(b, accum, gpus):
    dataset = TensorDataset(torch.arange(b * accum * gpus * 2))
    seen = []
    for rank in range(gpus):  # each replica's own shard of the data
        sampler = DistributedSampler(dataset, num_replicas=gpus, rank=rank, shuffle=False)
        loader = iter(DataLoader(dataset, batch_size=b, sampler=sampler))
        for _ in range(accum):  # micro-batches summed into one optimizer step
            seen.append(next(loader)[0])
    return torch.cat(seen).unique().numel()


def _sgd_displacement(lr, batch, x):
    """Total move of a scalar weight after SGD over x in batches (loss mean(w·x))."""
    w = torch.nn.Parameter(torch.zeros((), dtype=torch.float64))
    opt = torch.optim.SGD([w], lr=lr)
    for chunk in x.split(batch):
        opt.zero_grad()
        (w * chunk).mean().backward()
        opt.step()
    return -w.item()


def linear_scaled_lr(base_lr, b, gpus):
    # The rule keeps the move per sample seen fixed when gradients change little (here: not
    # at all, since the loss is linear in w). Find the lr that makes big-batch SGD move the
    # weight as far as base-lr SGD at batch 256 over the same samples.
    batch = b * gpus
    n = 256 * batch // math.gcd(256, batch)
    x = torch.rand(n, dtype=torch.float64, generator=torch.Generator().manual_seed(0)) + 0.5
    return _sgd_displacement(base_lr, 256, x) / _sgd_displacement(1.0, batch, x)


def adam_fp32_state_bytes(d_in, d_out):
    layer = torch.nn.Linear(d_in, d_out)
    opt = torch.optim.Adam(layer.parameters())
    layer(torch.randn(2, d_in)).square().mean().backward()
    opt.step()
    total = 0
    for p in layer.parameters():
        total += p.numel() * p.element_size() + p.grad.numel() * p.grad.element_size()
        for name, state in opt.state[p].items():
            if name != "step":  # the scalar step counter is not per-parameter memory
                total += state.numel() * state.element_size()
    return total


def clip_grad_norm_coef(g1, g2, g3, max_norm):
    weight = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
    bias = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    weight.grad = torch.tensor([g1, g2], dtype=torch.float64)
    bias.grad = torch.tensor([g3], dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_([weight, bias], max_norm)
    return (weight.grad[0] / g1).item()


def pipeline_bubble_fraction(p, m):
    # GPipe: all forwards (stage s after stage s−1 for the same micro-batch, one at a time per
    # stage), then all backwards in reverse stage order; count idle stage-slots.
    done = {}
    free = [0] * p
    for j in range(m):
        for s in range(p):
            start = max(free[s], done.get(("f", s - 1, j), 0))
            done[("f", s, j)] = free[s] = start + 1
    flush = max(free)
    free = [flush] * p
    for j in range(m):
        for s in reversed(range(p)):
            start = max(free[s], done.get(("b", s + 1, j), flush))
            done[("b", s, j)] = free[s] = start + 1
    makespan = max(free)
    busy = 2 * m * p
    return 1 - busy / (p * makespan)


ORACLES = {
    "reference_impl.formulas.training_at_scale.effective_batch_size": effective_batch_size,
    "reference_impl.formulas.training_at_scale.linear_scaled_lr": linear_scaled_lr,
    "reference_impl.formulas.training_at_scale.adam_fp32_state_bytes": adam_fp32_state_bytes,
    "reference_impl.formulas.training_at_scale.clip_grad_norm_coef": clip_grad_norm_coef,
    "reference_impl.formulas.training_at_scale.pipeline_bubble_fraction": pipeline_bubble_fraction,
}
