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


def kv_cache_gib(layers, q_heads, kv_heads, d_head, seq, batch, nbytes):
    dtype = {1: torch.int8, 2: torch.float16, 4: torch.float32}[nbytes]
    total = 0
    for _ in range(layers):  # one (K, V) pair per layer, as a cache of past tokens holds
        k = torch.empty(batch, kv_heads, seq, d_head, dtype=dtype, device="meta")
        v = torch.empty_like(k)
        q = torch.empty(batch, q_heads, 1, d_head, dtype=dtype, device="meta")
        out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True) if dtype != torch.int8 else q
        assert out.shape == q.shape
        total += k.nelement() * k.element_size() + v.nelement() * v.element_size()
    return total / 2**30


def attention_entropy(n, gap):
    logits = torch.zeros(n, dtype=torch.float64)
    logits[0] = gap
    p = torch.softmax(logits, dim=-1)
    return torch.special.entr(p).sum().item()


ORACLES.update({
    "reference_impl.formulas.attention.kv_cache_gib": kv_cache_gib,
    "reference_impl.formulas.attention.attention_entropy": attention_entropy,
})


def merged_logsumexp(m1, l1, m2, l2):
    # Realise each block as real scores: its maximum m, plus one score m + ln(l − 1) (< m).
    def block(m, l):
        scores = [m]
        if l > 1:
            scores.append(m + math.log(l - 1))
        return torch.tensor(scores, dtype=torch.float64)

    return torch.logsumexp(torch.cat([block(m1, l1), block(m2, l2)]), dim=0).item()


ORACLES["reference_impl.formulas.attention.merged_logsumexp"] = merged_logsumexp
