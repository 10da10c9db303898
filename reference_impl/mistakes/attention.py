"""Classic mistakes in attention code, written as code (see the package docstring).

Each function has exactly the signature of the task function it explains and computes
what a candidate with that one bug computes, in float64 PyTorch.
"""

import math

import torch

from reference_impl.activations import softmax
from reference_impl.attention import gelu, layer_norm, multi_head_attention

__all__ = [
    "attention_backward_elementwise_softmax",
    "attention_backward_mask_ignored",
    "attention_backward_unscaled",
    "mha_causal_one_future",
    "mha_causal_without_diagonal",
    "mha_interleaved_heads",
    "mha_scaled_by_sqrt_model_width",
    "pe_exponent_pair_index",
    "pe_positions_from_one",
    "pe_sin_cos_swapped",
    "sdpa_mask_after_softmax",
    "sdpa_mask_inverted",
    "sdpa_scaled_by_d",
    "sdpa_softmax_over_queries",
    "transformer_block_post_ln",
    "transformer_block_residual_from_normalised",
    "transformer_block_tanh_gelu",
    "transformer_block_unbiased_variance",
]


def _scores(q, k, mask, scale):
    s = q @ k.transpose(-2, -1) * scale  # (..., Lq, Lk)
    return s if mask is None else torch.where(mask, s, float("-inf"))


# ------------------------------------------------------------- scaled_dot_product_attention
def sdpa_scaled_by_d(q, k, v, mask=None):
    """Scores divided by d instead of √d (softmax too flat for d > 1)."""
    w = softmax(_scores(q, k, mask, 1 / q.shape[-1]), axis=-1)
    return w @ v, w


def sdpa_mask_after_softmax(q, k, v, mask=None):
    """Softmax over all keys, then masked weights zeroed without renormalising."""
    w = softmax(_scores(q, k, None, 1 / math.sqrt(q.shape[-1])), axis=-1)
    if mask is not None:
        w = w * mask  # rows no longer sum to 1
    return w @ v, w


def sdpa_mask_inverted(q, k, v, mask=None):
    """Mask polarity inverted (True read as blocked, as in nn.MultiheadAttention); a row left
    with no key attends uniformly (the -1e9 fill of tutorials)."""
    s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        s = torch.where(mask, -1e9, s)
    w = softmax(s, axis=-1)
    return w @ v, w


def sdpa_softmax_over_queries(q, k, v, mask=None):
    """Softmax over the query axis (-2) instead of the keys (-1): columns sum to 1."""
    w = softmax(_scores(q, k, mask, 1 / math.sqrt(q.shape[-1])), axis=-2)
    return w @ v, w


# ------------------------------------------------------------- attention_backward
def _backward(dout, q, k, v, mask, *, scale, elementwise=False):
    w = softmax(_scores(q, k, mask, 1 / math.sqrt(q.shape[-1])), axis=-1)  # (..., Lq, Lk)
    dv = w.transpose(-2, -1) @ dout  # (..., Lk, dv)
    dw = dout @ v.transpose(-2, -1)  # (..., Lq, Lk)
    if elementwise:  # the diagonal of the softmax Jacobian only
        ds = dw * w * (1 - w)
    else:
        ds = w * (dw - (dw * w).sum(dim=-1, keepdim=True))
    ds = ds * scale
    return ds @ k, ds.transpose(-2, -1) @ q, dv


def attention_backward_elementwise_softmax(dout, q, k, v, mask=None):
    """The softmax backward taken as dW ⊙ s(1 − s), the diagonal of its Jacobian only."""
    return _backward(dout, q, k, v, mask, scale=1 / math.sqrt(q.shape[-1]), elementwise=True)


def attention_backward_unscaled(dout, q, k, v, mask=None):
    """dq and dk without the factor 1/√d of the scores (dv right)."""
    return _backward(dout, q, k, v, mask, scale=1.0)


def attention_backward_mask_ignored(dout, q, k, v, mask=None):
    """The weights recomputed without the mask: gradient leaks into masked positions."""
    return _backward(dout, q, k, v, None, scale=1 / math.sqrt(q.shape[-1]))


# ------------------------------------------------------------- multi_head_attention
def _mha(x, Wq, Wk, Wv, Wo, num_heads, *, interleaved=False, scale=None, diagonal=None):
    N, L, E = x.shape
    H, Dh = num_heads, E // num_heads

    def split(t):  # (N, L, E) -> (N, H, L, Dh)
        if interleaved:  # head h takes columns h, h + H, h + 2H, ...
            return t.reshape(N, L, Dh, H).permute(0, 3, 1, 2)
        return t.reshape(N, L, H, Dh).transpose(1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(-2, -1) * (scale if scale is not None else 1 / math.sqrt(Dh))
    if diagonal is not None:  # tril with another diagonal; a finite fill, as -1e9 in tutorials
        keep = torch.ones(L, L, dtype=torch.bool, device=x.device).tril(diagonal)
        s = s.masked_fill(~keep, -1e9)
    o = softmax(s, axis=-1) @ v  # (N, H, L, Dh)
    if interleaved:
        o = o.permute(0, 2, 3, 1).reshape(N, L, E)
    else:
        o = o.transpose(1, 2).reshape(N, L, E)
    return o @ Wo


def mha_interleaved_heads(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    """Heads split by interleaving columns, reshape to (N, L, E/H, H) instead of (N, L, H, E/H)."""
    return _mha(x, Wq, Wk, Wv, Wo, num_heads, interleaved=True, diagonal=0 if causal else None)


def mha_scaled_by_sqrt_model_width(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    """Scores scaled by 1/√E (the model width) instead of 1/√(E/H) (the head width)."""
    return _mha(x, Wq, Wk, Wv, Wo, num_heads, scale=1 / math.sqrt(x.shape[-1]),
                diagonal=0 if causal else None)


def mha_causal_without_diagonal(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    """Causal mask that also hides the diagonal (strictly earlier positions only); the first
    position, left with no key, attends uniformly to all positions (the -1e9 fill)."""
    return _mha(x, Wq, Wk, Wv, Wo, num_heads, diagonal=-1 if causal else None)


def mha_causal_one_future(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    """Causal mask off by one the other way: each position also sees the next one."""
    return _mha(x, Wq, Wk, Wv, Wo, num_heads, diagonal=1 if causal else None)


# ------------------------------------------------------------- sinusoidal_positional_encoding
def _encoding(seq_len, d_model, *, first=0, exponent_step=2, sin_first=True):
    p = torch.arange(first, first + seq_len, dtype=torch.float64)[:, None]  # (L, 1)
    i = torch.arange(d_model // 2, dtype=torch.float64)  # pair index
    angle = p / 10000.0 ** (exponent_step * i / d_model)  # (L, d/2)
    pair = [torch.sin(angle), torch.cos(angle)] if sin_first else [torch.cos(angle), torch.sin(angle)]
    return torch.stack(pair, dim=-1).reshape(seq_len, d_model)


def pe_sin_cos_swapped(seq_len, d_model):
    """Cosines in the even columns, sines in the odd ones."""
    return _encoding(seq_len, d_model, sin_first=False)


def pe_exponent_pair_index(seq_len, d_model):
    """Frequencies 10000^(−i/d) with the pair index i instead of 10000^(−2i/d)."""
    return _encoding(seq_len, d_model, exponent_step=1)


def pe_positions_from_one(seq_len, d_model):
    """Positions 1 … L instead of 0 … L − 1."""
    return _encoding(seq_len, d_model, first=1)


# ------------------------------------------------------------- transformer_block
def _block(x, P, num_heads, causal, eps, *, act, norm):
    h = x + multi_head_attention(norm(x, P["ln1_g"], P["ln1_b"], eps), P["Wq"], P["Wk"],
                                 P["Wv"], P["Wo"], num_heads, causal)
    return h + act(norm(h, P["ln2_g"], P["ln2_b"], eps) @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]


def _gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def _layer_norm_unbiased(x, gamma, beta, eps=1e-5):
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).sum(dim=-1, keepdim=True) / (x.shape[-1] - 1)  # divides by D − 1
    return (x - mean) / torch.sqrt(var + eps) * gamma + beta


def transformer_block_post_ln(x, params, num_heads, causal=False, eps=1e-5):
    """Post-LN ordering: h = LN1(x + MHA(x)), out = LN2(h + FFN(h))."""
    P = params
    h = layer_norm(x + multi_head_attention(x, P["Wq"], P["Wk"], P["Wv"], P["Wo"], num_heads,
                                            causal), P["ln1_g"], P["ln1_b"], eps)
    ffn = gelu(h @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]
    return layer_norm(h + ffn, P["ln2_g"], P["ln2_b"], eps)


def transformer_block_residual_from_normalised(x, params, num_heads, causal=False, eps=1e-5):
    """Residuals around the normalised input: h = LN1(x) + MHA(LN1(x)), out = LN2(h) + FFN(LN2(h))."""
    P = params
    a = layer_norm(x, P["ln1_g"], P["ln1_b"], eps)
    h = a + multi_head_attention(a, P["Wq"], P["Wk"], P["Wv"], P["Wo"], num_heads, causal)
    z = layer_norm(h, P["ln2_g"], P["ln2_b"], eps)
    return z + gelu(z @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]


def transformer_block_tanh_gelu(x, params, num_heads, causal=False, eps=1e-5):
    """GELU in its tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))) instead of erf."""
    return _block(x, params, num_heads, causal, eps, act=_gelu_tanh, norm=layer_norm)


def transformer_block_unbiased_variance(x, params, num_heads, causal=False, eps=1e-5):
    """LayerNorm with the unbiased variance (divides by D − 1, as torch.var's default)."""
    return _block(x, params, num_heads, causal, eps, act=gelu, norm=_layer_norm_unbiased)
