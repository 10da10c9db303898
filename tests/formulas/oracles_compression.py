"""PyTorch oracles for reference_impl.formulas.compression: build the tensor, run the
observer, quantize, prune or count, and read the number back."""

from __future__ import annotations

import warnings

import torch
from torch.nn.utils import prune

_DTYPE = {32: torch.float32, 16: torch.float16, 8: torch.int8}


def model_size_mb(n_millions, bits):
    t = torch.empty(int(round(n_millions * 1_000_000)), dtype=_DTYPE[bits], device="meta")
    return t.element_size() * t.numel() / 1e6


def uint8_zero_point(lo, hi):
    from torch.ao.quantization import MinMaxObserver
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obs = MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
        obs(torch.tensor([lo, hi], dtype=torch.float32))
        _, zp = obs.calculate_qparams()
    return int(zp.item())


def uint8_code(x, scale, zero_point):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q = torch.quantize_per_tensor(torch.tensor([x], dtype=torch.float32), scale,
                                      zero_point, torch.quint8)
    return int(q.int_repr().item())


def pruned_remaining(n_in, n_out, amount):
    torch.manual_seed(0)
    layer = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        layer.weight.copy_(torch.rand(n_out, n_in) + 0.1)  # no exact zeros to begin with
    prune.l1_unstructured(layer, "weight", amount=amount)
    return int(torch.count_nonzero(layer.weight).item())


def low_rank_params(m, n, r):
    seq = torch.nn.Sequential(torch.nn.Linear(n, r, bias=False), torch.nn.Linear(r, m),
                              ).to("meta")
    return sum(p.numel() for p in seq.parameters())


def kd_soft_prob(z1, z2, T):
    z = torch.tensor([z1, z2, 0.0], dtype=torch.float64)
    return torch.softmax(z / T, dim=0)[0].item()


ORACLES = {
    "reference_impl.formulas.compression.model_size_mb": model_size_mb,
    "reference_impl.formulas.compression.uint8_zero_point": uint8_zero_point,
    "reference_impl.formulas.compression.uint8_code": uint8_code,
    "reference_impl.formulas.compression.pruned_remaining": pruned_remaining,
    "reference_impl.formulas.compression.low_rank_params": low_rank_params,
    "reference_impl.formulas.compression.kd_soft_prob": kd_soft_prob,
}


def symmetric_levels_used(outlier, bits):
    q_max = 2 ** (bits - 1) - 1
    w = torch.cat([torch.linspace(-1, 1, 400_001, dtype=torch.float32), torch.tensor([outlier])])
    scale = (w.abs().max() / q_max).item()
    q = torch.fake_quantize_per_tensor_affine(w, scale, 0, -q_max - 1, q_max)
    return torch.unique(q[:-1]).numel()


def grouped_int4_gib(n_params_b, group):
    n = int(round(n_params_b * 1e9))
    codes = torch.empty(n // 2, dtype=torch.uint8, device="meta")  # two 4-bit codes a byte
    scales = torch.empty(n // group, dtype=torch.float16, device="meta")
    return (codes.numel() * codes.element_size() + scales.numel() * scales.element_size()) / 2**30


ORACLES.update({
    "reference_impl.formulas.compression.symmetric_levels_used": symmetric_levels_used,
    "reference_impl.formulas.compression.grouped_int4_gib": grouped_int4_gib,
})


def channel_prune_flops_ratio(width, keep):
    from torch.utils.flop_counter import FlopCounterMode

    def flops(c):
        net = torch.nn.Sequential(torch.nn.Conv2d(3, c, 3, padding=1), torch.nn.Conv2d(c, c, 3, padding=1),
                                  torch.nn.Conv2d(c, c, 3, padding=1)).to("meta")
        with FlopCounterMode(display=False) as counter:
            net(torch.empty(1, 3, 32, 32, device="meta"))
        return counter.get_total_flops()

    return flops(int(keep * width)) / flops(width)


ORACLES["reference_impl.formulas.compression.channel_prune_flops_ratio"] = channel_prune_flops_ratio
