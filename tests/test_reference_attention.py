"""Proves reference_impl/attention.py against PyTorch's own attention modules.

Oracles: ``F.scaled_dot_product_attention`` (boolean ``attn_mask``, True = may attend) for the
attention output and the softmax of the scaled, masked scores for its weights;
``nn.MultiheadAttention(bias=False, batch_first=True)`` (its boolean ``attn_mask`` has the
opposite polarity: True = may NOT attend); ``nn.TransformerEncoderLayer(norm_first=True,
activation="gelu", dropout=0, batch_first=True)`` with zero attention biases;
``F.layer_norm`` and ``F.gelu``; the positional-encoding formula evaluated in plain Python.
Values, then autograd gradients for a random upstream, in float64 with rtol 1e-10 and atol
1e-12. Each check is shown failing on the classic mistakes of reference_impl/mistakes.
"""

import math

import pytest
import torch
import torch.nn.functional as F

from reference_impl import attention as A
from reference_impl.mistakes import attention as M

#: the public functions of reference_impl/attention.py that this file proves
PROVES = frozenset({"scaled_dot_product_attention", "multi_head_attention",
                    "sinusoidal_positional_encoding", "transformer_block", "layer_norm", "gelu",
                    "causal_mask"})

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
SEEDS = [0, 1, 2]


def randn(gen, *shape, scale=1.0):
    return scale * torch.randn(shape, generator=gen, dtype=DTYPE)


def random_mask(gen, *shape, keep=0.5):
    """Boolean mask with at least one True in every row (last axis)."""
    m = torch.rand(shape, generator=gen) < keep
    first = torch.randint(shape[-1], shape[:-1], generator=gen)
    return m | F.one_hot(first, shape[-1]).bool()


def assert_close(got, want):
    assert isinstance(got, torch.Tensor), f"expected a tensor, got {type(got).__name__}"
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    assert not torch.isnan(got).any(), "NaN in the output"
    torch.testing.assert_close(got, want, rtol=RTOL, atol=ATOL)


def as_tuple(out):
    return out if isinstance(out, tuple) else (out,)


def assert_same_function(fn, oracle, args, wrt, gen):
    """Values and autograd gradients (w.r.t. the tensors at positions ``wrt``) of fn vs oracle."""

    def leaves():
        return [a.detach().clone().requires_grad_(i in wrt) if torch.is_tensor(a) else a
                for i, a in enumerate(args)]

    fn_args, oracle_args = leaves(), leaves()
    got, want = as_tuple(fn(*fn_args)), as_tuple(oracle(*oracle_args))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert_close(g, w)
    upstream = [randn(gen, *w.shape) for w in want]
    got_grads = torch.autograd.grad(got, [fn_args[i] for i in wrt], upstream)
    want_grads = torch.autograd.grad(want, [oracle_args[i] for i in wrt], upstream)
    for g, w in zip(got_grads, want_grads):
        assert_close(g, w)


# --------------------------------------------------------------------------- oracles


def torch_sdpa(q, k, v, mask=None):
    """out from F.scaled_dot_product_attention; weights from torch.softmax of the scores."""
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return out, torch.softmax(scores, dim=-1)


def torch_mha(x, Wq, Wk, Wv, Wo, num_heads, causal=False):
    """nn.MultiheadAttention(bias=False, batch_first=True); attn_mask True = NOT allowed."""
    E = x.shape[-1]
    mha = torch.nn.MultiheadAttention(E, num_heads, bias=False, batch_first=True, dtype=DTYPE)
    weights = {"in_proj_weight": torch.cat([Wq.T, Wk.T, Wv.T]),  # (3E, E)
               "out_proj.weight": Wo.T}
    L = x.shape[1]
    future = torch.ones(L, L, dtype=torch.bool).triu(1) if causal else None
    # functional_call runs the module with these tensors as its weights, so autograd reaches Wq, ...
    out, _ = torch.func.functional_call(mha, weights, (x, x, x),
                                        {"attn_mask": future, "need_weights": False})
    return out


def torch_transformer_block(x, params, num_heads, causal=False, eps=1e-5):
    """nn.TransformerEncoderLayer, pre-LN, exact GELU, no dropout, zero attention biases."""
    E, Fw = params["W1"].shape
    layer = torch.nn.TransformerEncoderLayer(E, num_heads, dim_feedforward=Fw, dropout=0.0,
                                             activation="gelu", layer_norm_eps=eps,
                                             batch_first=True, norm_first=True, dtype=DTYPE)
    weights = {
        "self_attn.in_proj_weight": torch.cat([params["Wq"].T, params["Wk"].T, params["Wv"].T]),
        "self_attn.in_proj_bias": torch.zeros(3 * E, dtype=DTYPE),
        "self_attn.out_proj.weight": params["Wo"].T,
        "self_attn.out_proj.bias": torch.zeros(E, dtype=DTYPE),
        "linear1.weight": params["W1"].T, "linear1.bias": params["b1"],
        "linear2.weight": params["W2"].T, "linear2.bias": params["b2"],
        "norm1.weight": params["ln1_g"], "norm1.bias": params["ln1_b"],
        "norm2.weight": params["ln2_g"], "norm2.bias": params["ln2_b"],
    }
    L = x.shape[1]
    future = torch.ones(L, L, dtype=torch.bool).triu(1) if causal else None
    # functional_call runs the layer with these tensors in place of its parameters, so
    # autograd reaches params; training mode keeps the fused fast path (no biases there) off
    layer.train()
    return torch.func.functional_call(layer, weights, (x,), {"src_mask": future})


def python_positional_encoding(seq_len, d_model):
    return torch.tensor([[math.sin(p / 10000 ** (j / d_model)) if j % 2 == 0 else
                          math.cos(p / 10000 ** ((j - 1) / d_model)) for j in range(d_model)]
                         for p in range(seq_len)], dtype=DTYPE)


# --------------------------------------------------------------------------- checks


def check_sdpa(fn):
    for seed in SEEDS:
        gen = torch.Generator().manual_seed(seed)
        # (batch dims of q, k, v), Lq, Lk, d, dv, mask shape or "causal" or None
        for batch, lq, lk, d, dv, mask in [
            ((), 3, 5, 4, 2, None),
            ((2,), 5, 7, 8, 3, (2, 5, 7)),
            ((2, 3), 4, 4, 6, 5, "causal"),
            ((1,), 1, 3, 1, 1, None),
            ((3,), 2, 11, 7, 13, (2, 11)),  # one mask for the whole batch
            ((3, 2), 5, 6, 3, 4, (3, 1, 1, 6)),  # key-padding mask, broadcast over heads, queries
            ((2,), 6, 6, 5, 5, (1, 6, 6)),
        ]:
            q, k, v = randn(gen, *batch, lq, d), randn(gen, *batch, lk, d), randn(gen, *batch, lk, dv)
            if mask == "causal":
                m = torch.ones(lq, lk, dtype=torch.bool).tril()
            else:
                m = None if mask is None else random_mask(gen, *mask)
            assert_same_function(fn, torch_sdpa, [q, k, v, m], [0, 1, 2], gen)


def check_mha(fn):
    for seed in SEEDS:
        gen = torch.Generator().manual_seed(seed)
        for n, L, E, H, causal in [(1, 1, 4, 2, False), (2, 5, 6, 3, True), (3, 7, 8, 2, False),
                                   (1, 4, 12, 4, True), (2, 3, 5, 1, False), (2, 6, 6, 6, True),
                                   (2, 6, 8, 2, True)]:
            x = randn(gen, n, L, E)
            Ws = [randn(gen, E, E, scale=E ** -0.5) for _ in range(4)]
            assert_same_function(fn, torch_mha, [x, *Ws, H, causal], [0, 1, 2, 3, 4], gen)


def block_params(gen, E, Fw):
    return {
        "ln1_g": 1 + 0.3 * randn(gen, E), "ln1_b": 0.3 * randn(gen, E),
        "Wq": randn(gen, E, E, scale=E ** -0.5), "Wk": randn(gen, E, E, scale=E ** -0.5),
        "Wv": randn(gen, E, E, scale=E ** -0.5), "Wo": randn(gen, E, E, scale=E ** -0.5),
        "ln2_g": 1 + 0.3 * randn(gen, E), "ln2_b": 0.3 * randn(gen, E),
        "W1": randn(gen, E, Fw, scale=E ** -0.5), "b1": 0.5 * randn(gen, Fw),
        "W2": randn(gen, Fw, E, scale=Fw ** -0.5), "b2": 0.5 * randn(gen, E),
    }


def check_transformer_block(fn):
    for seed in SEEDS:
        gen = torch.Generator().manual_seed(seed)
        for n, L, E, H, Fw, causal, eps in [(1, 1, 4, 2, 3, False, 1e-5), (2, 5, 6, 3, 7, True, 1e-5),
                                            (3, 4, 8, 2, 5, False, 1e-3), (2, 7, 4, 1, 11, True, 1e-5)]:
            x = randn(gen, n, L, E)
            names = list(block_params(gen, E, Fw))
            values = list(block_params(gen, E, Fw).values())

            def as_dict(f):
                return lambda x, *p: f(x, dict(zip(names, p)), H, causal, eps)
            assert_same_function(as_dict(fn), as_dict(torch_transformer_block), [x, *values],
                                 list(range(len(values) + 1)), gen)


def check_positional_encoding(fn):
    for seq_len, d in [(1, 2), (7, 4), (13, 6), (50, 16), (128, 64)]:
        got = fn(seq_len, d)
        assert got.dtype == DTYPE and got.device.type == "cpu"
        assert_close(got, python_positional_encoding(seq_len, d))
    pe = fn(2, 4)
    assert_close(pe[0], torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=DTYPE))  # position 0
    assert_close(pe[1, :2], torch.tensor([math.sin(1), math.cos(1)], dtype=DTYPE))


# --------------------------------------------------------------------------- tests


def test_scaled_dot_product_attention():
    check_sdpa(A.scaled_dot_product_attention)


def test_multi_head_attention():
    check_mha(A.multi_head_attention)


def test_transformer_block():
    check_transformer_block(A.transformer_block)


def test_sinusoidal_positional_encoding():
    check_positional_encoding(A.sinusoidal_positional_encoding)


def test_layer_norm_and_gelu():
    gen = torch.Generator().manual_seed(0)
    for shape in [(1, 1), (3, 7), (2, 5, 4)]:
        D = shape[-1]
        args = [randn(gen, *shape), randn(gen, D), randn(gen, D)]
        assert_same_function(lambda x, g, b: A.layer_norm(x, g, b, 1e-3),
                             lambda x, g, b: F.layer_norm(x, (D,), g, b, 1e-3), args, [0, 1, 2], gen)
        assert_same_function(A.gelu, F.gelu, [randn(gen, *shape, scale=3.0)], [0], gen)


def test_causal_mask():
    assert torch.equal(A.causal_mask(3), torch.tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]]).bool())


@pytest.mark.parametrize("mistake, check", [
    (M.sdpa_scaled_by_d, check_sdpa),
    (M.sdpa_mask_after_softmax, check_sdpa),
    (M.sdpa_softmax_over_queries, check_sdpa),
    (M.sdpa_mask_inverted, check_sdpa),
    (M.mha_interleaved_heads, check_mha),
    (M.mha_scaled_by_sqrt_model_width, check_mha),
    (M.mha_causal_without_diagonal, check_mha),
    (M.mha_causal_one_future, check_mha),
    (M.transformer_block_tanh_gelu, check_transformer_block),
    (M.transformer_block_unbiased_variance, check_transformer_block),
    (M.transformer_block_post_ln, check_transformer_block),
    (M.transformer_block_residual_from_normalised, check_transformer_block),
    (M.pe_sin_cos_swapped, check_positional_encoding),
    (M.pe_exponent_pair_index, check_positional_encoding),
    (M.pe_positions_from_one, check_positional_encoding),
], ids=lambda f: getattr(f, "__name__", ""))
def test_checks_reject_the_classic_mistakes(mistake, check):
    with pytest.raises(AssertionError):
        check(mistake)


def test_positional_encoding_mistakes_are_what_they_say():
    pe = A.sinusoidal_positional_encoding(9, 8)
    assert_close(M.pe_sin_cos_swapped(9, 8), pe.reshape(9, 4, 2).flip(-1).reshape(9, 8))
    assert_close(M.pe_positions_from_one(9, 8), A.sinusoidal_positional_encoding(10, 8)[1:])
    assert_close(M.pe_exponent_pair_index(9, 8)[:, 0::2],
                 A.sinusoidal_positional_encoding(9, 16)[:, 0:8:2])  # 10000^(-i/8) = 10000^(-2i/16)


def _backward_by_autograd(dout, q, k, v, mask=None):
    q, k, v = (t.detach().requires_grad_(True) for t in (q, k, v))
    out, _ = A.scaled_dot_product_attention(q, k, v, mask)
    return torch.autograd.grad(out, [q, k, v], dout)


@pytest.mark.parametrize("mistake", [M.attention_backward_elementwise_softmax,
                                     M.attention_backward_unscaled], ids=lambda f: f.__name__)
def test_backward_mistakes_differ_from_autograd(mistake):
    """The backward mistakes are what their names say: wrong dq, dk, and dv left right."""
    gen = torch.Generator().manual_seed(0)
    q, k, v, dout = randn(gen, 2, 4, 3), randn(gen, 2, 5, 3), randn(gen, 2, 5, 2), randn(gen, 2, 4, 2)
    mask = random_mask(gen, 2, 4, 5)
    want, got = _backward_by_autograd(dout, q, k, v, mask), mistake(dout, q, k, v, mask)
    assert not torch.allclose(got[0], want[0]) and not torch.allclose(got[1], want[1])
    assert_close(got[2], want[2])


def test_backward_with_the_mask_ignored_leaks_gradient_into_masked_keys():
    gen = torch.Generator().manual_seed(2)
    q, k, v, dout = randn(gen, 3, 4), randn(gen, 5, 4), randn(gen, 5, 2), randn(gen, 3, 2)
    mask = torch.ones(3, 5, dtype=torch.bool)
    mask[:, 4] = False  # no query may attend to key 4
    right = _backward_by_autograd(dout, q, k, v, mask)
    leaky = M.attention_backward_mask_ignored(dout, q, k, v, mask)
    assert torch.all(right[1][4] == 0) and torch.all(right[2][4] == 0)
    assert torch.all(leaky[1][4] != 0) and torch.all(leaky[2][4] != 0)


def test_backward_formula_of_the_mistakes_module_is_right_without_the_bug():
    from reference_impl.mistakes.attention import _backward

    gen = torch.Generator().manual_seed(1)
    q, k, v, dout = randn(gen, 3, 2, 4), randn(gen, 3, 6, 4), randn(gen, 3, 6, 5), randn(gen, 3, 2, 5)
    mask = random_mask(gen, 2, 6)
    got = _backward(dout, q, k, v, mask, scale=0.5, elementwise=False)
    for g, w in zip(got, _backward_by_autograd(dout, q, k, v, mask)):
        assert_close(g, w)


def test_references_leave_inputs_unchanged():
    gen = torch.Generator().manual_seed(3)
    x = randn(gen, 2, 5, 6)
    params = block_params(gen, 6, 7)
    q, k, v = randn(gen, 2, 5, 4), randn(gen, 2, 3, 4), randn(gen, 2, 3, 2)
    mask = random_mask(gen, 2, 5, 3)
    calls = [
        (A.scaled_dot_product_attention, [q, k, v, mask]),
        (lambda x, *W: A.multi_head_attention(x, *W, 3, True),
         [x, *(params[n] for n in ("Wq", "Wk", "Wv", "Wo"))]),
        (lambda x, *p: A.transformer_block(x, dict(zip(params, p)), 2, True),
         [x, *params.values()]),
    ]
    for fn, args in calls:
        before = [a.clone() for a in args]
        fn(*args)
        assert all(torch.equal(a, b) for a, b in zip(args, before))
