"""The recurrent references (`rnn_forward`, `lstm_forward`, `gru_cell_forward`) against
PyTorch's own layers, and the recurrent mistakes (reference_impl/mistakes/rnn.py) against the
bugs they name.

The oracles are ``nn.RNN(batch_first=True)``, ``nn.LSTM(batch_first=True)`` and
``nn.GRUCell`` with our weights put in explicitly (weight_ih = Wxᵀ, weight_hh = Whᵀ); the
RNN's and LSTM's one bias b is split at random into bias_ih + bias_hh, since only the sum
matters there. Values and autograd gradients for a random upstream are compared in float64
(rtol 1e-10, atol 1e-12). Each ``check_*`` helper is also shown rejecting a known mistake.
"""

import pytest
import torch

from reference_impl import rnn
from reference_impl.mistakes import rnn as mistakes

#: the reference functions this file proves (tests/test_reference.py counts them as checked)
PROVES = frozenset({"rnn_forward", "lstm_forward", "gru_cell_forward"})

RTOL, ATOL = 1e-10, 1e-12
DTYPE = torch.float64
SEEDS = [0, 1, 2]
DEVICES = ["cpu"] + ([pytest.param("cuda", marks=pytest.mark.gpu)] if torch.cuda.is_available() else [])
# (N, T, D, H): a single element, primes, D = H, a long sequence
SEQ_SHAPES = [(1, 1, 1, 1), (3, 5, 4, 2), (2, 7, 3, 3), (5, 13, 2, 7)]


def randn(gen, *shape, scale=1.0, device="cpu"):
    """Standard normal float64 tensor drawn on the CPU (reproducible), then moved."""
    return (scale * torch.randn(shape, generator=gen, dtype=DTYPE)).to(device)


def leaves(args, wrt):
    return [a.detach().clone().requires_grad_(i in wrt) for i, a in enumerate(args)]


def assert_matches_oracle(fn, oracle, args, gen, wrt=None):
    """Shapes, values, then autograd gradients w.r.t. every argument (or those in `wrt`)."""
    wrt = range(len(args)) if wrt is None else wrt
    fn_args, oracle_args = leaves(args, wrt), leaves(args, wrt)
    got, want = fn(*fn_args), oracle(*oracle_args)
    got, want = (got if isinstance(got, tuple) else (got,)), (want if isinstance(want, tuple) else (want,))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape, f"shape {tuple(g.shape)} != {tuple(w.shape)}"
        torch.testing.assert_close(g, w, rtol=RTOL, atol=ATOL)
    upstream = [randn(gen, *w.shape, device=w.device) for w in want]
    got_g = torch.autograd.grad(got, [fn_args[i] for i in wrt], upstream)
    want_g = torch.autograd.grad(want, [oracle_args[i] for i in wrt], upstream)
    for g, w in zip(got_g, want_g):
        torch.testing.assert_close(g, w, rtol=RTOL, atol=ATOL)


def split_bias(b, gen):
    """b = bias_ih + bias_hh with a random bias_hh: PyTorch keeps two biases, we keep their sum."""
    bias_hh = randn(gen, *b.shape, device=b.device)
    return b - bias_hh, bias_hh


# ------------------------------------------------------------------------------ oracles


def torch_rnn(gen):
    """Oracle: nn.RNN(D, H, batch_first=True, nonlinearity="tanh"), hs = its output."""
    def run(x, h0, Wx, Wh, b):
        layer = torch.nn.RNN(Wx.shape[0], Wx.shape[1], batch_first=True, nonlinearity="tanh",
                             dtype=DTYPE, device=x.device)
        bias_ih, bias_hh = split_bias(b, gen)
        weights = {"weight_ih_l0": Wx.T, "weight_hh_l0": Wh.T, "bias_ih_l0": bias_ih,
                   "bias_hh_l0": bias_hh}
        hs, h_n = torch.func.functional_call(layer, weights, (x, h0.unsqueeze(0)))
        torch.testing.assert_close(h_n[0], hs[:, -1], rtol=0, atol=0)
        return hs
    return run


def torch_lstm(gen):
    """Oracle: nn.LSTM(D, H, batch_first=True); (hs, h_T, c_T) = (output, h_n[0], c_n[0])."""
    def run(x, h0, c0, Wx, Wh, b):
        layer = torch.nn.LSTM(Wx.shape[0], Wh.shape[0], batch_first=True, dtype=DTYPE,
                              device=x.device)
        bias_ih, bias_hh = split_bias(b, gen)
        weights = {"weight_ih_l0": Wx.T, "weight_hh_l0": Wh.T, "bias_ih_l0": bias_ih,
                   "bias_hh_l0": bias_hh}
        hs, (h_n, c_n) = torch.func.functional_call(
            layer, weights, (x, (h0.unsqueeze(0), c0.unsqueeze(0))))
        return hs, h_n[0], c_n[0]
    return run


def torch_gru_cell(x, h_prev, Wx, Wh, bx, bh):
    """Oracle: nn.GRUCell with weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = bx, bias_hh = bh."""
    cell = torch.nn.GRUCell(Wx.shape[0], Wh.shape[0], dtype=DTYPE, device=x.device)
    weights = {"weight_ih": Wx.T, "weight_hh": Wh.T, "bias_ih": bx, "bias_hh": bh}
    return torch.func.functional_call(cell, weights, (x, h_prev))


# ------------------------------------------------------------------------------ checks


def rnn_args(gen, n, t, d, h, device):
    return [randn(gen, n, t, d, device=device), randn(gen, n, h, device=device),
            randn(gen, d, h, scale=0.8, device=device), randn(gen, h, h, scale=0.6, device=device),
            randn(gen, h, device=device)]


def lstm_args(gen, n, t, d, h, device):
    return [randn(gen, n, t, d, device=device), randn(gen, n, h, device=device),
            randn(gen, n, h, device=device), randn(gen, d, 4 * h, scale=0.7, device=device),
            randn(gen, h, 4 * h, scale=0.5, device=device), randn(gen, 4 * h, device=device)]


def gru_args(gen, n, d, h, device):
    return [randn(gen, n, d, device=device), randn(gen, n, h, device=device),
            randn(gen, d, 3 * h, scale=0.7, device=device), randn(gen, h, 3 * h, scale=0.7, device=device),
            randn(gen, 3 * h, device=device), randn(gen, 3 * h, device=device)]


def check_rnn_forward(rnn_forward, device):
    for seed in SEEDS:
        for shape in SEQ_SHAPES:
            gen = torch.Generator().manual_seed(seed)
            assert_matches_oracle(rnn_forward, torch_rnn(gen), rnn_args(gen, *shape, device), gen)


def check_lstm_forward(lstm_forward, device):
    for seed in SEEDS:
        for shape in SEQ_SHAPES:
            gen = torch.Generator().manual_seed(seed)
            assert_matches_oracle(lstm_forward, torch_lstm(gen), lstm_args(gen, *shape, device), gen)


def check_gru_cell_forward(gru_cell_forward, device):
    for seed in SEEDS:
        for n, d, h in [(1, 1, 1), (4, 3, 5), (7, 6, 2), (2, 11, 4)]:
            gen = torch.Generator().manual_seed(seed)
            assert_matches_oracle(gru_cell_forward, torch_gru_cell, gru_args(gen, n, d, h, device), gen)


@pytest.mark.parametrize("device", DEVICES)
def test_rnn_forward_matches_nn_rnn(device):
    check_rnn_forward(rnn.rnn_forward, device)


@pytest.mark.parametrize("device", DEVICES)
def test_lstm_forward_matches_nn_lstm(device):
    check_lstm_forward(rnn.lstm_forward, device)


@pytest.mark.parametrize("device", DEVICES)
def test_gru_cell_forward_matches_nn_grucell(device):
    check_gru_cell_forward(rnn.gru_cell_forward, device)


def test_references_leave_inputs_untouched():
    gen = torch.Generator().manual_seed(5)
    for fn, args in [(rnn.rnn_forward, rnn_args(gen, 2, 3, 4, 5, "cpu")),
                     (rnn.lstm_forward, lstm_args(gen, 2, 3, 4, 5, "cpu")),
                     (rnn.gru_cell_forward, gru_args(gen, 2, 4, 5, "cpu"))]:
        before = [a.clone() for a in args]
        fn(*args)
        assert all(torch.equal(a, b) for a, b in zip(args, before)), fn.__name__


def _gru_gates_zrn(x, h_prev, Wx, Wh, bx, bh):
    """The blocks read as z, r, n: the reference with its r and z blocks exchanged."""
    def swap(w):
        r, z, n = w.chunk(3, dim=-1)
        return torch.cat([z, r, n], dim=-1)
    return rnn.gru_cell_forward(x, h_prev, swap(Wx), swap(Wh), swap(bx), swap(bh))


WRONG_FORWARDS = {
    "rnn ignores h0": lambda: check_rnn_forward(mistakes.rnn_forward_ignores_h0, "cpu"),
    "lstm cell state not carried": lambda: check_lstm_forward(mistakes.lstm_forward_cell_not_carried, "cpu"),
    "lstm h_T from the first step": lambda: check_lstm_forward(mistakes.lstm_forward_h_T_first_step, "cpu"),
    "gru reset gate inside the product": lambda: check_gru_cell_forward(mistakes.gru_cell_reset_inside_product, "cpu"),
    "gru update gate swapped": lambda: check_gru_cell_forward(mistakes.gru_cell_update_gate_swapped, "cpu"),
    "gru recurrent bias outside the reset gate": lambda: check_gru_cell_forward(mistakes.gru_cell_bias_outside_reset, "cpu"),
    "gru gates read z, r, n": lambda: check_gru_cell_forward(_gru_gates_zrn, "cpu"),
}


@pytest.mark.parametrize("name", WRONG_FORWARDS)
def test_checks_reject_wrong_forwards(name):
    with pytest.raises(AssertionError):
        WRONG_FORWARDS[name]()


# ------------------------------------------------------------------------------ mistakes


def autograd_rnn_backward(dhs, x, h0, Wx, Wh, b):
    args = leaves([x, h0, Wx, Wh, b], range(5))
    return torch.autograd.grad(rnn.rnn_forward(*args), args, dhs)


def test_mistakes_bptt_without_a_slip_is_autograd():
    """The BPTT the RNN mistakes share is exact with every switch off: each mistake is one slip."""
    for shape in SEQ_SHAPES:
        gen = torch.Generator().manual_seed(7)
        args = rnn_args(gen, *shape, "cpu")
        dhs = randn(gen, *shape[:2], shape[3])
        for got, want in zip(mistakes._bptt(dhs, *args), autograd_rnn_backward(dhs, *args)):
            torch.testing.assert_close(got, want, rtol=RTOL, atol=ATOL)


# mistake -> the gradients (by index in dx, dh0, dWx, dWh, db) it gets wrong
RNN_MISTAKES = {
    "rnn_backward_one_step": {0, 1, 2, 3, 4},
    "rnn_backward_tanh_slope_of_preactivation": {0, 1, 2, 3, 4},
    "rnn_backward_no_dh0": {1},
    "rnn_backward_dWh_from_x": {3},
    "rnn_backward_dWh_from_h_t": {3},
}


@pytest.mark.parametrize("name", RNN_MISTAKES)
def test_rnn_mistake_changes_only_what_it_names(name):
    gen = torch.Generator().manual_seed(3)
    args = rnn_args(gen, 2, 7, 3, 3, "cpu")  # D = H, so that dWh from x has Wh's shape
    dhs = randn(gen, 2, 7, 3)
    got = getattr(mistakes, name)(dhs, *args)
    want = autograd_rnn_backward(dhs, *args)
    differs = {i for i, (g, w) in enumerate(zip(got, want))
               if not torch.allclose(g, w, rtol=1e-6, atol=1e-9)}
    assert differs == RNN_MISTAKES[name]


def test_rnn_one_step_mistake_is_detached_state_autograd():
    """Truncating BPTT to one step is autograd through a forward that detaches h_{t−1} for t ≥ 2."""
    gen = torch.Generator().manual_seed(4)
    x, h0, Wx, Wh, b = args = leaves(rnn_args(gen, 3, 6, 2, 4, "cpu"), range(5))
    dhs = randn(gen, 3, 6, 4)
    h, hs = h0, []
    for t in range(6):
        h = torch.tanh(x[:, t] @ Wx + (h if t == 0 else h.detach()) @ Wh + b)
        hs.append(h)
    want = torch.autograd.grad(torch.stack(hs, dim=1), args, dhs)
    for got, w in zip(mistakes.rnn_backward_one_step(dhs, *[a.detach() for a in args]), want):
        torch.testing.assert_close(got, w, rtol=RTOL, atol=ATOL)
