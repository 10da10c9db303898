"""PyTorch oracles for reference_impl.formulas.activations: torch.softmax and autograd."""

from __future__ import annotations

import math

import torch


def softmax_entry(z1, z2, z3, k):
    z = torch.tensor([z1, z2, z3], dtype=torch.float64)
    return torch.softmax(z, dim=0)[k - 1].item()


def _grad(fn, x):
    t = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    fn(t).backward()
    return t.grad.item()


def sigmoid_derivative(x):
    return _grad(torch.sigmoid, x)


def tanh_derivative(x):
    return _grad(torch.tanh, x)


def fp16_exp_limit():
    return math.log(torch.finfo(torch.float16).max)


ORACLES = {
    "reference_impl.formulas.activations.softmax_entry": softmax_entry,
    "reference_impl.formulas.activations.sigmoid_derivative": sigmoid_derivative,
    "reference_impl.formulas.activations.tanh_derivative": tanh_derivative,
    "reference_impl.formulas.activations.fp16_exp_limit": fp16_exp_limit,
}
