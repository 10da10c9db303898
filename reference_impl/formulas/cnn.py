"""Convolution arithmetic: output sizes, parameter counts, receptive fields.

Output size of a convolution or pooling window (Dumoulin & Visin, "A guide to convolution
arithmetic", 2016): out = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1.
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
