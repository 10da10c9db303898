"""Convolution arithmetic: output sizes, parameter counts, receptive fields.

Output size of a convolution or pooling window (Dumoulin & Visin, "A guide to convolution
arithmetic", 2016): out = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1. Receptive fields: Araujo,
Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019.
Depthwise-separable convolutions: Howard et al., "MobileNets", 2017.
"""

from __future__ import annotations


def conv_output_size(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length along one axis; ValueError when the window does not fit."""
    span = d * (k - 1) + 1
    if n + 2 * p < span:
        raise ValueError(f"window of span {span} does not fit in {n} + 2·{p}")
    return (n + 2 * p - span) // s + 1


def conv2d_param_count(c_in: int, c_out: int, k: int, bias: int = 1) -> dict:
    """Weights c_out·c_in·k·k plus c_out biases when `bias` is 1."""
    weights = c_out * c_in * k * k
    return {"answer": weights + (c_out if bias else 0), "weights": weights}


def receptive_field(layers: int, k: int, s: int) -> dict:
    """Receptive field (side length, in input pixels) of one unit after `layers` identical
    k×k convolutions of stride s, no dilation.

    Layer l (1-based) widens the field by (k − 1)·J_{l−1}, where J_{l−1} = s^{l−1} is the
    product of the strides before it (its "jump" measured in input pixels), so
    RF = 1 + (k − 1)·(1 + s + … + s^{L−1}) (Araujo, Norris & Sim, "Computing Receptive Fields
    of Convolutional Neural Networks", Distill 2019). A kernel smaller than its stride leaves
    gaps, so the field would not be a solid square: such combinations are rejected.
    """
    if layers < 1 or k < 1 or s < 1:
        raise ValueError("layers, k and s must be positive")
    if k < s:
        raise ValueError(f"kernel {k} smaller than stride {s} leaves gaps")
    rf, jump = 1, 1
    for _ in range(layers):
        rf += (k - 1) * jump
        jump *= s
    return {"answer": rf, "jump": jump, "last_jump": jump // s}


def depthwise_separable_params(c_in: int, c_out: int, k: int) -> dict:
    """Weights of a depthwise-separable convolution without biases (MobileNet, Howard et al.
    2017): a k×k depthwise conv (one filter per input channel, c_in·k² weights) followed by a
    1×1 pointwise conv (c_in·c_out weights). A standard k×k conv has c_out·c_in·k² weights.
    """
    depthwise = c_in * k * k
    pointwise = c_in * c_out
    standard = c_out * c_in * k * k
    sep = depthwise + pointwise
    return {"answer": sep, "depthwise": depthwise, "pointwise": pointwise,
            "standard": standard, "ratio": round(standard / sep, 2)}


def dilated_receptive_field(layers: int, k: int) -> dict:
    """Receptive field of `layers` stride-1 convolutions of kernel k with dilations 1, 2, 4,
    …, 2^(layers−1) (WaveNet; Yu & Koltun 2016): each adds (k − 1)·dilation, so
    1 + (k − 1)(2^layers − 1). The same layers without dilation reach 1 + layers·(k − 1)."""
    if layers < 1 or k < 2:
        raise ValueError("need at least one layer and k ≥ 2")
    return {"answer": 1 + (k - 1) * (2**layers - 1), "plain": 1 + layers * (k - 1),
            "last_dilation": 2 ** (layers - 1)}


def separable_mac_ratio(c_in: int, c_out: int, k: int, hw: int) -> dict:
    """How many times fewer multiply–adds a depthwise k×k (groups = c_in) plus pointwise 1×1
    convolution needs than a standard k×k convolution, stride 1 and 'same' padding on an hw×hw
    map: k²·c_in·c_out / (k²·c_in + c_in·c_out) = 1 / (1/c_out + 1/k²). Howard et al. 2017."""
    std = k * k * c_in * c_out * hw * hw
    sep = (k * k * c_in + c_in * c_out) * hw * hw
    return {"answer": std / sep, "std_mmac": f"{std / 1e6:.4g}", "sep_mmac": f"{sep / 1e6:.4g}"}
