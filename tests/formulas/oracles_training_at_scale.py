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


def zero_gb_per_gpu(psi_b, n, stage):
    # Hold each model state on rank 0 as ZeRO does: a component is sharded from the stage on
    # which ZeRO partitions it; count rank 0's slice of a small buffer.
    # (bytes per parameter, first stage that shards it)
    components = {"fp16 weights": (2, 3), "fp16 grads": (2, 2), "fp32 master": (4, 1),
                  "adam m": (4, 1), "adam v": (4, 1)}
    numel = 12 * n  # divisible by n, so the shards are equal
    total = 0
    for nbytes, shard_from in components.values():
        parts = torch.arange(numel).tensor_split(n) if stage >= shard_from else [torch.arange(numel)]
        total += parts[0].numel() * nbytes
    return total / numel * psi_b  # bytes per parameter × 1e9 parameters / 1e9 bytes per GB


def ring_allreduce_gb_sent(params_b, n):
    # Simulate a ring all-reduce on n ranks of a buffer of n·c elements, check it sums, and count
    # the elements each rank sends; scale to 2·params_b GB of bf16 gradients.
    c = 3
    data = [torch.randn(n * c, dtype=torch.float64) for _ in range(n)]
    want = torch.stack(data).sum(0)
    buf = [d.clone().view(n, c) for d in data]
    sent = [0] * n
    for step in range(n - 1):  # reduce-scatter: rank r sends chunk (r − step) to r + 1
        msgs = [(r, (r - step) % n, buf[r][(r - step) % n].clone()) for r in range(n)]
        for r, idx, chunk in msgs:
            buf[(r + 1) % n][idx] += chunk
            sent[r] += chunk.numel()
    for step in range(n - 1):  # all-gather: rank r sends its complete chunk (r + 1 − step)
        msgs = [(r, (r + 1 - step) % n, buf[r][(r + 1 - step) % n].clone()) for r in range(n)]
        for r, idx, chunk in msgs:
            buf[(r + 1) % n][idx] = chunk
            sent[r] += chunk.numel()
    assert all(torch.allclose(b.view(-1), want) for b in buf)
    return sent[0] / (n * c) * 2 * params_b


def mfu(n_b, tps, peak_tflops):
    # Count the FLOPs of a forward and backward pass of bias-free linear layers whose input
    # needs a gradient (as every layer but the first does in a deep net): FLOPs per token per
    # parameter.
    from torch.utils.flop_counter import FlopCounterMode

    net = torch.nn.Sequential(torch.nn.Linear(16, 32, bias=False), torch.nn.Linear(32, 8, bias=False))
    tokens = 10
    x = torch.randn(tokens, 16, requires_grad=True)
    with FlopCounterMode(display=False) as counter:
        net(x).sum().backward()
    per_token_param = counter.get_total_flops() / tokens / sum(p.numel() for p in net.parameters())
    return per_token_param * n_b * 1e9 * tps / (peak_tflops * 1e12)


def loss_scale_needed(m, e):
    g = m * 10.0**e
    tiny = torch.finfo(torch.float16).tiny
    k = 0
    while torch.tensor(g * 2.0**k, dtype=torch.float16).item() < tiny:
        k += 1
    return 2.0**k


def dynamic_loss_scale(k, total, interval):
    w = torch.nn.Parameter(torch.ones(1))
    opt = torch.optim.SGD([w], lr=0.1)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**16, growth_factor=2.0,
                                  backoff_factor=0.5, growth_interval=interval)
    for step in range(total):
        opt.zero_grad()
        scaler.scale((w * (float("inf") if step < k else 1.0)).sum()).backward()
        scaler.step(opt)
        scaler.update()
    return scaler.get_scale()


def training_days(n_b, tokens_t, gpus):
    # FLOPs per token per parameter measured as in mfu() above, then the cluster's sustained rate.
    sustained = gpus * 989e12 * 0.4
    per_token_param = mfu(1, 1, 1e-12) / 1e9  # 1e9 parameters, 1 token/s, a peak of 1 FLOP/s
    seconds = per_token_param * n_b * 1e9 * tokens_t * 1e12 / sustained
    return seconds / 86400


ORACLES = {
    "reference_impl.formulas.training_at_scale.effective_batch_size": effective_batch_size,
    "reference_impl.formulas.training_at_scale.linear_scaled_lr": linear_scaled_lr,
    "reference_impl.formulas.training_at_scale.adam_fp32_state_bytes": adam_fp32_state_bytes,
    "reference_impl.formulas.training_at_scale.clip_grad_norm_coef": clip_grad_norm_coef,
    "reference_impl.formulas.training_at_scale.pipeline_bubble_fraction": pipeline_bubble_fraction,
    "reference_impl.formulas.training_at_scale.zero_gb_per_gpu": zero_gb_per_gpu,
    "reference_impl.formulas.training_at_scale.ring_allreduce_gb_sent": ring_allreduce_gb_sent,
    "reference_impl.formulas.training_at_scale.mfu": mfu,
    "reference_impl.formulas.training_at_scale.loss_scale_needed": loss_scale_needed,
    "reference_impl.formulas.training_at_scale.dynamic_loss_scale": dynamic_loss_scale,
    "reference_impl.formulas.training_at_scale.training_days": training_days,
}
