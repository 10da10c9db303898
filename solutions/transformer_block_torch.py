"""A pre-LN Transformer encoder block in PyTorch (no dropout), written out op by op.

h = x + MHA(LN1(x)); out = h + GELU(LN2(h)·W1 + b1)·W2 + b2, with the biased LayerNorm
variance, the exact erf GELU, contiguous heads scaled by 1/√(E/H), and a causal mask built
on the input's device. Autograd differentiates through every step.
"""

import math

import torch

FRAMEWORK = "torch"


def _layer_norm(z, g, b, eps):
    mu = z.mean(dim=-1, keepdim=True)
    var = ((z - mu) ** 2).mean(dim=-1, keepdim=True)  # biased: divides by E
    return (z - mu) / torch.sqrt(var + eps) * g + b


def _gelu(u):
    return 0.5 * u * (1 + torch.erf(u / math.sqrt(2)))


def _mha(x, Wq, Wk, Wv, Wo, H, causal):
    N, L, E = x.shape
    D = E // H

    def split(t):  # (N, L, E) -> (N, H, L, D)
        return t.reshape(N, L, H, D).transpose(1, 2)

    q, k, v = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    s = q @ k.transpose(-2, -1) / math.sqrt(D)
    if causal:
        allowed = torch.ones(L, L, dtype=torch.bool, device=x.device).tril()
        s = s.masked_fill(~allowed, float("-inf"))
    return (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(N, L, E) @ Wo


def transformer_block(x, params, num_heads, causal=False, eps=1e-5):
    P = params
    h = x + _mha(_layer_norm(x, P["ln1_g"], P["ln1_b"], eps), P["Wq"], P["Wk"], P["Wv"], P["Wo"],
                 num_heads, causal)
    z = _layer_norm(h, P["ln2_g"], P["ln2_b"], eps)
    return h + _gelu(z @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]
