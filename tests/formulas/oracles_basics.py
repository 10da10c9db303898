"""PyTorch oracles for reference_impl.formulas.basics: build the layers, run them, count."""

from __future__ import annotations

import torch
from torch.utils.flop_counter import FlopCounterMode


def mlp_param_count(d, h1, h2, c):
    net = torch.nn.Sequential(
        torch.nn.Linear(d, h1, device="meta"), torch.nn.ReLU(),
        torch.nn.Linear(h1, h2, device="meta"), torch.nn.ReLU(),
        torch.nn.Linear(h2, c, device="meta"),
    )
    return sum(p.numel() for p in net.parameters())


def neuron_sigmoid_output(x1, x2, w1, w2, b):
    layer = torch.nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[w1, w2]], dtype=torch.float64))
        layer.bias.fill_(b)
        return torch.sigmoid(layer(torch.tensor([[x1, x2]], dtype=torch.float64))).item()


def linear_layer_macs(n, d, h):
    x = torch.zeros(n, d, device="meta")
    w = torch.zeros(d, h, device="meta")
    with FlopCounterMode(display=False) as counter:
        x @ w
    return counter.get_total_flops() // 2  # one multiply-accumulate = 2 FLOPs


ORACLES = {
    "reference_impl.formulas.basics.mlp_param_count": mlp_param_count,
    "reference_impl.formulas.basics.neuron_sigmoid_output": neuron_sigmoid_output,
    "reference_impl.formulas.basics.linear_layer_macs": linear_layer_macs,
}
