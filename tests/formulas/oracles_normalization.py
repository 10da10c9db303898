"""PyTorch oracles for reference_impl.formulas.normalization: run BatchNorm, count parameters."""

from __future__ import annotations

import torch
from torch import nn

D = torch.float64


def bn_normalised_first(x1, x2, x3, x4):
    bn = nn.BatchNorm1d(1, affine=False, dtype=D).train()
    x = torch.tensor([[x1], [x2], [x3], [x4]], dtype=D)
    with torch.no_grad():
        return bn(x)[0, 0].item()


def bn_running_var(r0, m, x1, x2, x3):
    bn = nn.BatchNorm1d(1, momentum=m, dtype=D).train()
    bn.running_var.fill_(r0)
    with torch.no_grad():
        bn(torch.tensor([[x1], [x2], [x3]], dtype=D))
    return bn.running_var.item()


def bn2d_state_count(c):
    return sum(t.numel() for t in nn.BatchNorm2d(c).state_dict().values())


def layernorm_param_count(c, h):
    return sum(p.numel() for p in nn.LayerNorm([c, h, h]).parameters() if p.requires_grad)


_M = "reference_impl.formulas.normalization."
ORACLES = {_M + f.__name__: f for f in (bn_normalised_first, bn_running_var, bn2d_state_count,
                                        layernorm_param_count)}
