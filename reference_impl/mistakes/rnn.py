"""Classic mistakes in recurrent layers (tasks `rnn`, `lstm`, `gru_cell`), written as code.

Each function has the signature of the task function it explains and computes what a
candidate with that one bug computes, in float64 PyTorch. The RNN mistakes are all slips in
hand-written backpropagation through time, so they share one explicit BPTT (`_bptt`) with a
switch per slip:

    da_t      = (dhs[:, t] + dh_next) ⊙ (1 − h_t²)        # h_t = tanh(a_t)
    dx_t      = da_t·Wxᵀ,   dWx += x_tᵀ·da_t,   dWh += h_{t−1}ᵀ·da_t,   db += Σ_n da_t
    dh_next   = da_t·Whᵀ    (after t = 1 this is dh0)
"""

import torch

from reference_impl.activations import sigmoid
from reference_impl.rnn import lstm_cell_forward, lstm_forward, rnn_forward

__all__ = [
    "gru_cell_bias_outside_reset",
    "gru_cell_reset_inside_product",
    "gru_cell_update_gate_swapped",
    "lstm_forward_cell_not_carried",
    "lstm_forward_h_T_first_step",
    "rnn_backward_dWh_from_h_t",
    "rnn_backward_dWh_from_x",
    "rnn_backward_no_dh0",
    "rnn_backward_one_step",
    "rnn_backward_tanh_slope_of_preactivation",
    "rnn_forward_ignores_h0",
]


# ------------------------------------------------------------------------------ rnn


def rnn_forward_ignores_h0(x, h0, Wx, Wh, b):
    """The recurrence starts from zeros instead of the given h0."""
    return rnn_forward(x, torch.zeros_like(h0), Wx, Wh, b)


def _bptt(dhs, x, h0, Wx, Wh, b, *, carry=True, slope_of_preactivation=False,
          dWh_input="h_prev", return_dh0=True):
    """BPTT for h_t = tanh(x_t·Wx + h_{t−1}·Wh + b) with one slip switched on or off."""
    T = x.shape[1]
    hs, pre = [h0], []  # hs[t] = h_t (hs[0] = h0), pre[t − 1] = a_t; each (N, H)
    for t in range(T):
        pre.append(x[:, t] @ Wx + hs[-1] @ Wh + b)
        hs.append(torch.tanh(pre[-1]))
    dxs, dWx, dWh, db = [None] * T, 0, 0, 0
    dh_next = torch.zeros_like(h0)  # gradient reaching h_t from step t + 1
    for t in reversed(range(T)):  # step t + 1 of the math
        dh = dhs[:, t] + dh_next if carry else dhs[:, t]  # (N, H)
        slope = 1 - pre[t] ** 2 if slope_of_preactivation else 1 - hs[t + 1] ** 2
        da = dh * slope  # (N, H)
        dxs[t] = da @ Wx.T  # (N, D)
        dWx = dWx + x[:, t].T @ da  # (D, H)
        into_Wh = {"h_prev": hs[t], "h_t": hs[t + 1], "x": x[:, t]}[dWh_input]
        dWh = dWh + into_Wh.T @ da  # (H, H); (D, H) when taken from x
        db = db + da.sum(dim=0)  # (H,)
        dh_next = da @ Wh.T  # (N, H)
    dh0 = dh_next if return_dh0 else torch.zeros_like(h0)
    return torch.stack(dxs, dim=1), dh0, dWx, dWh, db


def rnn_backward_one_step(dhs, x, h0, Wx, Wh, b):
    """BPTT truncated to one step: da_t = dhs[:, t] ⊙ (1 − h_t²), without the dh_next from t + 1."""
    return _bptt(dhs, x, h0, Wx, Wh, b, carry=False)


def rnn_backward_tanh_slope_of_preactivation(dhs, x, h0, Wx, Wh, b):
    """tanh's slope written as 1 − a_t² on the pre-activation instead of 1 − h_t² = 1 − tanh²(a_t)."""
    return _bptt(dhs, x, h0, Wx, Wh, b, slope_of_preactivation=True)


def rnn_backward_no_dh0(dhs, x, h0, Wx, Wh, b):
    """dh0 returned as zeros (h0 treated as a constant): the dh_next left after step 1 is dropped."""
    return _bptt(dhs, x, h0, Wx, Wh, b, return_dh0=False)


def rnn_backward_dWh_from_x(dhs, x, h0, Wx, Wh, b):
    """dWh accumulated from the inputs, Σ_t x_tᵀ·da_t, instead of Σ_t h_{t−1}ᵀ·da_t (needs D = H)."""
    return _bptt(dhs, x, h0, Wx, Wh, b, dWh_input="x")


def rnn_backward_dWh_from_h_t(dhs, x, h0, Wx, Wh, b):
    """dWh from the step's own output, Σ_t h_tᵀ·da_t, instead of the state it read, h_{t−1}."""
    return _bptt(dhs, x, h0, Wx, Wh, b, dWh_input="h_t")


# ------------------------------------------------------------------------------ lstm


def lstm_forward_cell_not_carried(x, h0, c0, Wx, Wh, b):
    """The new cell state is never fed back: every step reads c0 (h is carried)."""
    h, hs = h0, []
    for t in range(x.shape[1]):
        h, c = lstm_cell_forward(x[:, t], h, c0, Wx, Wh, b)
        hs.append(h)
    return torch.stack(hs, dim=1), h, c


def lstm_forward_h_T_first_step(x, h0, c0, Wx, Wh, b):
    """h_T taken from the first step, hs[:, 0], instead of the last, hs[:, -1]."""
    hs, _, c = lstm_forward(x, h0, c0, Wx, Wh, b)
    return hs, hs[:, 0], c


# ------------------------------------------------------------------------------ gru


def _gru_parts(x, h_prev, Wx, Wh, bx, bh):
    gx_r, gx_z, gx_n = (x @ Wx + bx).chunk(3, dim=1)  # each (N, H)
    gh_r, gh_z, _ = (h_prev @ Wh + bh).chunk(3, dim=1)
    return sigmoid(gx_r + gh_r), sigmoid(gx_z + gh_z), gx_n


def gru_cell_reset_inside_product(x, h_prev, Wx, Wh, bx, bh):
    """Reset gate applied to h before the product: n = tanh(x·Wx_n + bx_n + (r ⊙ h)·Wh_n + bh_n)."""
    r, z, gx_n = _gru_parts(x, h_prev, Wx, Wh, bx, bh)
    H = h_prev.shape[1]
    n = torch.tanh(gx_n + (r * h_prev) @ Wh[:, 2 * H:] + bh[2 * H:])
    return (1 - z) * n + z * h_prev


def gru_cell_update_gate_swapped(x, h_prev, Wx, Wh, bx, bh):
    """Update gate on the wrong side: h = z ⊙ n + (1 − z) ⊙ h_prev."""
    r, z, gx_n = _gru_parts(x, h_prev, Wx, Wh, bx, bh)
    H = h_prev.shape[1]
    n = torch.tanh(gx_n + r * (h_prev @ Wh[:, 2 * H:] + bh[2 * H:]))
    return z * n + (1 - z) * h_prev


def gru_cell_bias_outside_reset(x, h_prev, Wx, Wh, bx, bh):
    """Both biases added outside the reset gate: n = tanh(x·Wx_n + bx_n + bh_n + r ⊙ (h·Wh_n))."""
    r, z, gx_n = _gru_parts(x, h_prev, Wx, Wh, bx, bh)
    H = h_prev.shape[1]
    n = torch.tanh(gx_n + bh[2 * H:] + r * (h_prev @ Wh[:, 2 * H:]))
    return (1 - z) * n + z * h_prev
