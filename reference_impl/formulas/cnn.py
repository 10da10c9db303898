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
