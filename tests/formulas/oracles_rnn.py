"""PyTorch oracles for reference_impl.formulas.rnn: build nn.RNN and count, differentiate
through a real recurrence, run truncated BPTT with detach and see which inputs get gradient."""

from __future__ import annotations

import torch
from torch import nn


def rnn_param_count(d, h, layers):
    return sum(p.numel() for p in nn.RNN(d, h, num_layers=layers).parameters())


def bptt_gradient_scale(w, steps):
    # A ReLU RNN with a positive state and weight stays in ReLU's linear region.
    rnn = nn.RNN(1, 1, nonlinearity="relu", bias=False).double()
    with torch.no_grad():
        rnn.weight_ih_l0.zero_()
        rnn.weight_hh_l0.fill_(w)
    h0 = torch.ones(1, 1, 1, dtype=torch.float64, requires_grad=True)
    out, _ = rnn(torch.zeros(steps, 1, 1, dtype=torch.float64), h0)
    out[-1].sum().backward()
    return h0.grad.item()


def truncated_bptt_steps(t, k):
    torch.manual_seed(0)
    cell = nn.RNNCell(3, 4).double()
    xs = [torch.randn(1, 3, dtype=torch.float64, requires_grad=True) for _ in range(t)]
    h = torch.zeros(1, 4, dtype=torch.float64)
    for step, x in enumerate(xs, start=1):
        if step > 1 and (step - 1) % k == 0:
            h = h.detach()  # a new chunk starts
        h = cell(x, h)
    h.sum().backward()  # the loss at step t
    return sum(1 for x in xs if x.grad is not None and bool((x.grad != 0).any()))


ORACLES = {
    "reference_impl.formulas.rnn.rnn_param_count": rnn_param_count,
    "reference_impl.formulas.rnn.bptt_gradient_scale": bptt_gradient_scale,
    "reference_impl.formulas.rnn.truncated_bptt_steps": truncated_bptt_steps,
}


def clipped_grad_norm(a, b, max_norm):
    w_hh = torch.zeros(3, 4, dtype=torch.float64, requires_grad=True)
    w_xh = torch.zeros(5, dtype=torch.float64, requires_grad=True)
    g1 = torch.randn(3, 4, dtype=torch.float64)
    g2 = torch.randn(5, dtype=torch.float64)
    w_hh.grad = g1 / g1.norm() * a
    w_xh.grad = g2 / g2.norm() * b
    nn.utils.clip_grad_norm_([w_hh, w_xh], max_norm=max_norm)
    return w_hh.grad.norm().item()


ORACLES["reference_impl.formulas.rnn.clipped_grad_norm"] = clipped_grad_norm
