"""GELU in its tanh approximation, 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3)))."""

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _layer_norm(z, g, b, eps):
    mu = z.mean(axis=-1, keepdims=True)
    var = ((z - mu) ** 2).mean(axis=-1, keepdims=True)
    return (z - mu) / np.sqrt(var + eps) * g + b


def _gelu(u):
    return 0.5 * u * (1.0 + _erf(u / np.sqrt(2.0)))


def _mha(x, Wq, Wk, Wv, Wo, H, causal):
    N, L, E = x.shape
    D = E // H

    def split(t):
        return t.reshape(N, L, H, D).transpose(0, 2, 1, 3)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D)
    if causal:
        s = np.where(np.tril(np.ones((L, L), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return (w @ v).transpose(0, 2, 1, 3).reshape(N, L, E) @ Wo


def _gelu_tanh(u):
    return 0.5 * u * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (u + 0.044715 * u ** 3)))


def transformer_block(x, params, num_heads, causal=False, eps=1e-5):
    P = params
    h = x + _mha(_layer_norm(x, P["ln1_g"], P["ln1_b"], eps), P["Wq"], P["Wk"], P["Wv"], P["Wo"],
                 num_heads, causal)
    z = _layer_norm(h, P["ln2_g"], P["ln2_b"], eps)
    return h + _gelu_tanh(z @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]
