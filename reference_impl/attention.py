"""Attention and the pre-LN Transformer block: scaled dot-product attention, multi-head
self-attention, sinusoidal positional encodings, and the block that combines them.

Math (Vaswani et al., "Attention Is All You Need", 2017, §3.2–3.5; pre-LN placement from
Xiong et al., "On Layer Normalization in the Transformer Architecture", 2020):

    attention(Q, K, V) = softmax(Q·Kᵀ / √d) · V            (masked scores set to −∞)
    MHA(x) = concat_h attention(x·W_Q^h, x·W_K^h, x·W_V^h) · W_O
    PE[p, 2i] = sin(p / 10000^{2i/d}),   PE[p, 2i+1] = cos(p / 10000^{2i/d})
    block(x) = h + FFN(LN₂(h)),   h = x + MHA(LN₁(x)),   FFN(z) = GELU(z·W₁ + b₁)·W₂ + b₂

Every function is float64 PyTorch, differentiable, and leaves its inputs untouched; the
gradients of the tasks come from autograd through them.
"""

import math

import torch

from reference_impl.activations import softmax

__all__ = [
    "causal_mask",
    "gelu",
    "layer_norm",
    "multi_head_attention",
    "scaled_dot_product_attention",
    "sinusoidal_positional_encoding",
    "transformer_block",
]


def scaled_dot_product_attention(q, k, v, mask=None):
    """Scaled dot-product attention, softmax over the keys.

    Args:
        q: (..., Lq, d) queries.
        k: (..., Lk, d) keys.
        v: (..., Lk, dv) values.
        mask: Optional boolean tensor broadcastable to (..., Lq, Lk); True = may attend.
            No row may be fully masked.

    Returns:
        ``(out, weights)``: out (..., Lq, dv) and the attention weights (..., Lq, Lk),
        each row a probability distribution over the keys.
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., Lq, Lk)
    if mask is not None:
        scores = torch.where(mask, scores, float("-inf"))  # e^{−∞} = 0: masked keys get weight 0
    weights = softmax(scores, axis=-1)  # (..., Lq, Lk), rows sum to 1
    return weights @ v, weights  # (..., Lq, dv), (..., Lq, Lk)


def causal_mask(length, device=None):
    """(L, L) boolean mask, True on and below the diagonal: position p sees 0..p."""
    return torch.ones(length, length, dtype=torch.bool, device=device).tril()


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    """Multi-head self-attention without biases, heads in contiguous column blocks.

    Same as ``torch.nn.MultiheadAttention(E, num_heads, bias=False, batch_first=True)`` with
    ``in_proj_weight = cat(Wqᵀ, Wkᵀ, Wvᵀ)`` and ``out_proj.weight = Woᵀ``.

    Args:
        x: (N, L, E) inputs.
        Wq, Wk, Wv, Wo: (E, E) projections; head h uses columns h·E/H … (h+1)·E/H − 1 of
            Wq, Wk, Wv and the same rows of Wo.
        num_heads: H, a divisor of E.
        causal: mask future positions (a position attends to itself and earlier ones).

    Returns:
        (N, L, E) outputs.
    """
    N, L, E = x.shape
    H = num_heads
    Dh = E // H

    def split(t):  # (N, L, E) -> (N, H, L, Dh): column block h is head h
        return t.reshape(N, L, H, Dh).transpose(1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)  # each (N, H, L, Dh)
    mask = causal_mask(L, x.device) if causal else None
    heads, _ = scaled_dot_product_attention(q, k, v, mask)  # (N, H, L, Dh), scaled by 1/√Dh
    concat = heads.transpose(1, 2).reshape(N, L, E)  # (N, L, E): heads side by side
    return concat @ Wo  # (N, L, E)


def sinusoidal_positional_encoding(seq_len, d_model):
    """Sinusoidal positional encodings of "Attention Is All You Need" (§3.5).

    Args:
        seq_len: number of positions p = 0 … seq_len − 1.
        d_model: even model width; columns 2i and 2i+1 share the frequency 10000^{−2i/d}.

    Returns:
        (seq_len, d_model) float64 CPU tensor: PE[p, 2i] = sin(p / 10000^{2i/d}),
        PE[p, 2i+1] = cos(p / 10000^{2i/d}).
    """
    p = torch.arange(seq_len, dtype=torch.float64)[:, None]  # (L, 1)
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)  # (d/2,): 0, 2, 4, ...
    angle = p / 10000.0 ** (two_i / d_model)  # (L, d/2)
    # interleave: column 2i is sin, column 2i+1 is cos of the same angle
    return torch.stack([torch.sin(angle), torch.cos(angle)], dim=-1).reshape(seq_len, d_model)


def layer_norm(x, gamma, beta, eps=1e-5):
    """(x − mean) / √(var + eps) · gamma + beta over the last axis, biased variance.

    Same as ``F.layer_norm(x, (D,), gamma, beta, eps)``.
    """
    mean = x.mean(dim=-1, keepdim=True)  # (..., 1)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)  # (..., 1), divides by D
    return (x - mean) / torch.sqrt(var + eps) * gamma + beta


def gelu(x):
    """Exact GELU, x·Φ(x) = ½x(1 + erf(x/√2)); same as ``F.gelu(x)`` (approximate="none")."""
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


def transformer_block(x, params, num_heads, causal=False, eps=1e-5):
    """Pre-LN Transformer encoder block without dropout.

    h = x + MHA(LN₁(x));  out = h + GELU(LN₂(h)·W₁ + b₁)·W₂ + b₂. Same as
    ``nn.TransformerEncoderLayer(norm_first=True, activation="gelu", dropout=0,
    batch_first=True)`` with zero attention biases and the weights below.

    Args:
        x: (N, L, E) inputs.
        params: dict with ``ln1_g, ln1_b, ln2_g, ln2_b`` (E,), ``Wq, Wk, Wv, Wo`` (E, E),
            ``W1`` (E, F), ``b1`` (F,), ``W2`` (F, E), ``b2`` (E,).
        num_heads: heads of the attention, a divisor of E.
        causal: causal self-attention (see ``multi_head_attention``).
        eps: LayerNorm epsilon, inside the square root.

    Returns:
        (N, L, E) outputs.
    """
    P = params
    a = layer_norm(x, P["ln1_g"], P["ln1_b"], eps)  # (N, L, E)
    h = x + multi_head_attention(a, P["Wq"], P["Wk"], P["Wv"], P["Wo"], num_heads, causal)
    z = layer_norm(h, P["ln2_g"], P["ln2_b"], eps)  # (N, L, E)
    ffn = gelu(z @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]  # (N, L, F) -> (N, L, E)
    return h + ffn
