"""PyTorch oracles for reference_impl.formulas.attention: build nn.MultiheadAttention and
count, form the score tensor on the meta device and read its size, count FLOPs with
torch.utils.flop_counter, build the sinusoidal table as tensors, run
F.scaled_dot_product_attention."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode


def mha_param_count(d, heads):
    return sum(p.numel() for p in nn.MultiheadAttention(d, heads).parameters())


def attention_scores_mib(batch, heads, n, nbytes):
    dtype = {2: torch.float16, 4: torch.float32, 8: torch.float64}[nbytes]
    q = torch.empty(batch, heads, n, 64, dtype=dtype, device="meta")
    scores = q @ q.transpose(-2, -1)
    return scores.nelement() * scores.element_size() / 2**20


def attention_flops(n, d, heads):
    q = torch.empty(1, heads, n, d // heads, device="meta")
    with FlopCounterMode(display=False) as counter:
        weights = torch.softmax(q @ q.transpose(-2, -1), dim=-1)
        weights @ q
    return counter.get_total_flops() / 1e9


def sinusoidal_pe(pos, j, d):
    position = torch.arange(pos + 1, dtype=torch.float64)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
    pe = torch.zeros(pos + 1, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe[pos, j].item()


def attention_weight(s1, s2, d):
    q = torch.zeros(1, 1, d, dtype=torch.float64)
    q[0, 0, 0] = 1.0
    k = torch.zeros(1, 2, d, dtype=torch.float64)
    k[0, 0, 0], k[0, 1, 0] = s1, s2
    v = torch.tensor([[[1.0], [0.0]]], dtype=torch.float64)  # output = weight of key 1
    return F.scaled_dot_product_attention(q, k, v).item()


ORACLES = {
    "reference_impl.formulas.attention.mha_param_count": mha_param_count,
    "reference_impl.formulas.attention.attention_scores_mib": attention_scores_mib,
    "reference_impl.formulas.attention.attention_flops": attention_flops,
    "reference_impl.formulas.attention.sinusoidal_pe": sinusoidal_pe,
    "reference_impl.formulas.attention.attention_weight": attention_weight,
}
