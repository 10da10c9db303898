"""PyTorch oracles for reference_impl.formulas.resnet: build the blocks and count, run the
network and differentiate, concatenate real feature maps."""

from __future__ import annotations

import torch
from torch import nn


def _count(module):
    return sum(p.numel() for p in module.parameters())


def _conv_bn(c_in, c_out, k, stride=1):
    return nn.Sequential(nn.Conv2d(c_in, c_out, k, stride=stride, padding=k // 2, bias=False),
                         nn.BatchNorm2d(c_out))


class _Block(nn.Module):
    def __init__(self, branch, c_in, c_out, stride):
        super().__init__()
        self.branch = branch
        if stride != 1 or c_in != c_out:
            self.shortcut = _conv_bn(c_in, c_out, 1, stride)
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        return torch.relu(self.branch(x) + self.shortcut(x))


def _check_runs(block, c_in):
    with torch.no_grad():
        out = block.eval()(torch.zeros(1, c_in, 4, 4))
    assert out.shape[1] == block.branch[-1][1].num_features


def basic_block_params(c_in, c_out, stride):
    branch = nn.Sequential(_conv_bn(c_in, c_out, 3, stride), nn.ReLU(), _conv_bn(c_out, c_out, 3))
    block = _Block(branch, c_in, c_out, stride)
    _check_runs(block, c_in)
    return _count(block)


def bottleneck_params(c_in, width, stride):
    c_out = 4 * width
    branch = nn.Sequential(_conv_bn(c_in, width, 1), nn.ReLU(), _conv_bn(width, width, 3, stride),
                           nn.ReLU(), _conv_bn(width, c_out, 1))
    block = _Block(branch, c_in, c_out, stride)
    _check_runs(block, c_in)
    return _count(block)


def residual_gradient(a, blocks):
    branches = [nn.Linear(1, 1, bias=False).double() for _ in range(blocks)]
    with torch.no_grad():
        for b in branches:
            b.weight.fill_(a)
    x = torch.ones(1, 1, dtype=torch.float64, requires_grad=True)
    y = x
    for b in branches:
        y = y + b(y)
    y.sum().backward()
    return x.grad.item()


def densenet_channels(k0, growth, layers):
    convs = [nn.Conv2d(k0 + i * growth, growth, 1) for i in range(layers)]
    x = torch.zeros(1, k0, 1, 1)
    with torch.no_grad():
        for conv in convs:
            x = torch.cat([x, conv(x)], dim=1)
    return x.shape[1]


ORACLES = {
    "reference_impl.formulas.resnet.basic_block_params": basic_block_params,
    "reference_impl.formulas.resnet.bottleneck_params": bottleneck_params,
    "reference_impl.formulas.resnet.residual_gradient": residual_gradient,
    "reference_impl.formulas.resnet.densenet_channels": densenet_channels,
}


def short_path_fraction(n, k):
    # Path-length distribution of n unrolled blocks: the coefficients of (1 + x)^n, built by
    # n convolutions with [1, 1] (each block either skipped or taken), in float64 (exact here).
    counts = torch.ones(1, 1, 1, dtype=torch.float64)
    kernel = torch.ones(1, 1, 2, dtype=torch.float64)
    for _ in range(n):
        counts = torch.nn.functional.conv1d(counts, kernel, padding=1)
    counts = counts.flatten()
    return (counts[: k + 1].sum() / counts.sum()).item()


ORACLES["reference_impl.formulas.resnet.short_path_fraction"] = short_path_fraction
