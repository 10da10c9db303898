"""LayerNorm whose mean and variance are detached (treated as constants): the values are
right, but the gradients miss the paths through the statistics."""

import math

import torch

FRAMEWORK = "torch"


def _layer_norm(z, g, b, eps):
    mu = z.mean(dim=-1, keepdim=True).detach()
    var = ((z - mu) ** 2).mean(dim=-1, keepdim=True).detach()
    return (z - mu) / torch.sqrt(var + eps) * g + b


def _mha(x, Wq, Wk, Wv, Wo, H, causal):
    N, L, E = x.shape
    D = E // H

    def split(t):
        return t.reshape(N, L, H, D).transpose(1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(-2, -1) / math.sqrt(D)
    if causal:
        s = s.masked_fill(~torch.ones(L, L, dtype=torch.bool, device=x.device).tril(), float("-inf"))
    return (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(N, L, E) @ Wo


def transformer_block(x, params, num_heads, causal=False, eps=1e-5):
    P = params
    h = x + _mha(_layer_norm(x, P["ln1_g"], P["ln1_b"], eps), P["Wq"], P["Wk"], P["Wv"], P["Wo"],
                 num_heads, causal)
    z = _layer_norm(h, P["ln2_g"], P["ln2_b"], eps)
    u = z @ P["W1"] + P["b1"]
    return h + 0.5 * u * (1 + torch.erf(u / math.sqrt(2))) @ P["W2"] + P["b2"]
