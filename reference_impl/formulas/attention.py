"""Attention and the Transformer: parameter counts, memory and FLOPs of the score matrix,
sinusoidal positional encodings, scaled dot-product attention weights.

Scaled dot-product and multi-head attention, sinusoidal encodings: Vaswani et al., "Attention
Is All You Need" (NeurIPS 2017), section 3.2 and 3.5. Parameter layout: PyTorch docs of
torch.nn.MultiheadAttention (a packed 3d × d input projection with bias, and a d × d output
projection with bias).
"""

from __future__ import annotations

import math


def mha_param_count(d: int, heads: int) -> dict:
    """nn.MultiheadAttention(d, heads): W_Q, W_K, W_V, W_O are each d × d with a bias of d;
    the heads split the d features, so the count does not depend on the number of heads."""
    if d % heads:
        raise ValueError(f"embed dim {d} is not divisible by {heads} heads")
    return {"answer": 4 * d * d + 4 * d, "head_dim": d // heads}


def attention_scores_mib(batch: int, heads: int, n: int, nbytes: int) -> dict:
    """Memory of the attention score (or weight) tensor of shape (batch, heads, n, n) with
    `nbytes` bytes per element, in MiB (2^20 bytes)."""
    if nbytes not in (2, 4, 8):
        raise ValueError("element size must be 2, 4 or 8 bytes")
    elements = batch * heads * n * n
    return {"answer": elements * nbytes / 2**20, "elements": elements}


def attention_flops(n: int, d: int, heads: int) -> dict:
    """FLOPs of the two matrix products of self-attention, QK^T and (weights)V, for one
    sequence of n tokens, model width d split over `heads` heads of width d/heads, counting a
    multiply–add as 2 FLOPs: each product costs 2·n²·d summed over heads, 4·n²·d in all, in
    GFLOP (10^9). For comparison, the Q, K, V and output projections cost 8·n·d²."""
    if d % heads:
        raise ValueError(f"width {d} is not divisible by {heads} heads")
    flops = 4 * n * n * d
    return {"answer": flops / 1e9, "proj": f"{8 * n * d * d / 1e9:.3g}"}


def sinusoidal_pe(pos: int, j: int, d: int) -> dict:
    """Entry (pos, j) of the sinusoidal encoding: PE(pos, 2i) = sin(pos / 10000^{2i/d}),
    PE(pos, 2i+1) = cos(pos / 10000^{2i/d})."""
    if not 0 <= j < d:
        raise ValueError(f"column {j} outside 0..{d - 1}")
    i2 = j - j % 2
    angle = pos / 10000 ** (i2 / d)
    value = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return {"answer": value, "angle": f"{angle:.4f}", "i2": i2,
            "fn": "sin" if j % 2 == 0 else "cos"}


def attention_weight(s1: float, s2: float, d: int) -> dict:
    """Weight of key 1 for a query whose raw dot products with two keys are s1 and s2, in
    scaled dot-product attention with key width d: softmax([s1, s2]/√d)[0]."""
    if d < 1:
        raise ValueError("d must be positive")
    scaled = (s1 - s2) / math.sqrt(d)
    w = 1.0 / (1.0 + math.exp(-scaled))
    unscaled = 1.0 / (1.0 + math.exp(-(s1 - s2)))
    return {"answer": w, "unscaled": f"{unscaled:.4f}", "sqrt_d": f"{math.sqrt(d):g}"}


def kv_cache_gib(layers: int, q_heads: int, kv_heads: int, d_head: int, seq: int, batch: int,
                 nbytes: int) -> dict:
    """KV cache of a decoder at inference: every layer keeps one key and one value vector of
    width d_head per KV head, token and sequence, so 2·layers·kv_heads·d_head·seq·batch·nbytes
    bytes, in GiB (2^30). Grouped-query attention shares each KV head among q_heads/kv_heads
    query heads (Ainslie et al. 2023); kv_heads must be a proper divisor of q_heads, and the
    plain multi-head size (kv_heads = q_heads) comes back as `mha_gib` for comparison."""
    if q_heads % kv_heads or kv_heads == q_heads:
        raise ValueError(f"{q_heads} query heads cannot be grouped over {kv_heads} KV heads")
    per_token = 2 * layers * kv_heads * d_head * nbytes
    total = per_token * seq * batch
    mha = 2 * layers * q_heads * d_head * nbytes * seq * batch
    return {"answer": total / 2**30, "per_token_kib": f"{per_token / 2**10:g}",
            "mha_gib": f"{mha / 2**30:.3g}", "group": q_heads // kv_heads}


def attention_entropy(n: int, gap: float) -> dict:
    """Entropy in nats of one attention row over n keys where one key's logit exceeds the other
    n − 1 (all equal) by `gap`: p_top = e^gap / (e^gap + n − 1), the rest share 1 − p_top."""
    if n < 2:
        raise ValueError("need at least two keys")
    p_top = 1.0 / (1.0 + (n - 1) * math.exp(-gap))
    p_rest = (1.0 - p_top) / (n - 1)
    h = -p_top * math.log(p_top) - (n - 1) * p_rest * math.log(p_rest)
    return {"answer": h, "p_top": f"{p_top:.3f}", "h_max": f"{math.log(n):.3f}"}


def merged_logsumexp(m1: float, l1: float, m2: float, l2: float) -> dict:
    """Online softmax (Milakov & Gimelshein 2018; FlashAttention): a block of scores is kept as
    its maximum m and l = Σ exp(s − m). Two blocks merge as m = max(m1, m2),
    l = l1·e^{m1−m} + l2·e^{m2−m}, and the log-sum-exp of all scores is m + ln l."""
    if l1 < 1 or l2 < 1:
        raise ValueError("a block's l is at least 1 (its maximum contributes e^0)")
    m = max(m1, m2)
    l = l1 * math.exp(m1 - m) + l2 * math.exp(m2 - m)
    return {"answer": m + math.log(l), "m": f"{m:g}", "l": f"{l:.4g}"}
