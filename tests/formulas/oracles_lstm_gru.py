"""PyTorch oracles for reference_impl.formulas.lstm_gru: build nn.LSTM / nn.GRU and count,
run nn.LSTMCell with chosen biases, differentiate the cell state through a real nn.LSTM."""

from __future__ import annotations

import torch
from torch import nn


def lstm_param_count(d, h, layers):
    return sum(p.numel() for p in nn.LSTM(d, h, num_layers=layers).parameters())


def gru_param_count(d, h):
    return sum(p.numel() for p in nn.GRU(d, h).parameters())


def lstm_cell_step(zi, zf, zg, zo, c_prev):
    cell = nn.LSTMCell(1, 1).double()
    with torch.no_grad():
        cell.weight_ih.zero_()
        cell.weight_hh.zero_()
        cell.bias_hh.zero_()
        cell.bias_ih.copy_(torch.tensor([zi, zf, zg, zo], dtype=torch.float64))  # i, f, g, o
        h, _ = cell(torch.zeros(1, 1, dtype=torch.float64),
                    (torch.zeros(1, 1, dtype=torch.float64),
                     torch.full((1, 1), float(c_prev), dtype=torch.float64)))
    return h.item()


def lstm_cell_gradient(bf, steps):
    lstm = nn.LSTM(1, 1).double()
    with torch.no_grad():
        for p in lstm.parameters():
            p.zero_()
        lstm.bias_ih_l0[1] = bf  # forget gate: order i, f, g, o
    h0 = torch.zeros(1, 1, 1, dtype=torch.float64)
    c0 = torch.ones(1, 1, 1, dtype=torch.float64, requires_grad=True)
    _, (_, c_t) = lstm(torch.zeros(steps, 1, 1, dtype=torch.float64), (h0, c0))
    c_t.sum().backward()
    return c0.grad.item()


ORACLES = {
    "reference_impl.formulas.lstm_gru.lstm_param_count": lstm_param_count,
    "reference_impl.formulas.lstm_gru.gru_param_count": gru_param_count,
    "reference_impl.formulas.lstm_gru.lstm_cell_step": lstm_cell_step,
    "reference_impl.formulas.lstm_gru.lstm_cell_gradient": lstm_cell_gradient,
}


def forget_memory_steps(b_f, eps):
    cell = nn.LSTMCell(1, 1).double()
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        cell.bias_ih[1] = b_f  # gate order i, f, g, o; g = tanh(0) = 0 adds nothing
    x = torch.zeros(1, 1, dtype=torch.float64)
    h, c = torch.zeros(1, 1, dtype=torch.float64), torch.ones(1, 1, dtype=torch.float64)
    dc_dc0, t = 1.0, 0
    while dc_dc0 >= eps:  # chain rule one step at a time: ∂c_t/∂c_0 = ∏ ∂c_s/∂c_{s−1}
        c_prev = c.detach().requires_grad_()
        h, c = cell(x, (h.detach(), c_prev))
        (local,) = torch.autograd.grad(c.sum(), c_prev)
        dc_dc0 *= local.item()
        t += 1
    return t


ORACLES["reference_impl.formulas.lstm_gru.forget_memory_steps"] = forget_memory_steps
