"""A pre-LN Transformer encoder block in NumPy (no dropout).

h = x + MHA(LN1(x)); out = h + GELU(LN2(h)·W1 + b1)·W2 + b2. LayerNorm uses the biased
variance over the last axis with eps inside the square root; GELU is the exact
½u(1 + erf(u/√2)) with math.erf applied elementwise; MHA has contiguous heads scaled by
1/√(E/H) and an optional causal mask (j ≤ i). Both residuals add the sub-layer's raw input.
"""

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _layer_norm(z, g, b, eps):
    mu = z.mean(axis=-1, keepdims=True)
    var = ((z - mu) ** 2).mean(axis=-1, keepdims=True)  # biased: divides by E
    return (z - mu) / np.sqrt(var + eps) * g + b


def _gelu(u):
    return 0.5 * u * (1.0 + _erf(u / np.sqrt(2.0)))


def _mha(x, Wq, Wk, Wv, Wo, H, causal):
    N, L, E = x.shape
    D = E // H

    def split(t):  # (N, L, E) -> (N, H, L, D), contiguous heads
        return t.reshape(N, L, H, D).transpose(0, 2, 1, 3)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D)  # (N, H, L, L)
    if causal:
        s = np.where(np.tril(np.ones((L, L), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return (w @ v).transpose(0, 2, 1, 3).reshape(N, L, E) @ Wo


def transformer_block(x, params, num_heads, causal=False, eps=1e-5):
    P = params
    a = _layer_norm(x, P["ln1_g"], P["ln1_b"], eps)
    h = x + _mha(a, P["Wq"], P["Wk"], P["Wv"], P["Wo"], num_heads, causal)  # (N, L, E)
    z = _layer_norm(h, P["ln2_g"], P["ln2_b"], eps)
    return h + _gelu(z @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]  # (N, L, E)
