"""LSTM and GRU: parameter counts, one step of an LSTM cell, gradients along the cell state.

Equations and gate order as in the PyTorch docs of torch.nn.LSTM and torch.nn.GRU (gates
stacked i, f, g, o for the LSTM and r, z, n for the GRU; two bias vectors b_ih and b_hh per
layer): i, f, o = σ(·), g = tanh(·), c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t)
(Hochreiter & Schmidhuber 1997; forget gate: Gers, Schmidhuber & Cummins 2000). GRU: Cho et
al., "Learning Phrase Representations using RNN Encoder–Decoder", 2014.
"""

from __future__ import annotations

import math


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def lstm_param_count(d: int, h: int, layers: int) -> dict:
    """torch.nn.LSTM(d, h, num_layers=layers): per layer 4 gate blocks, each with an input
    matrix, a recurrent h × h matrix and two biases; later layers take h inputs."""
    if min(d, h, layers) < 1:
        raise ValueError("sizes must be positive")
    first = 4 * (h * (d + h) + 2 * h)
    other = 4 * (h * (h + h) + 2 * h)
    return {"answer": first + (layers - 1) * other, "first": first, "other": other,
            "one_bias": 4 * (h * (d + h) + h)}


def gru_param_count(d: int, h: int) -> dict:
    """torch.nn.GRU(d, h): 3 gate blocks (reset, update, candidate), each with an input
    matrix, a recurrent matrix and two biases."""
    if min(d, h) < 1:
        raise ValueError("sizes must be positive")
    return {"answer": 3 * (h * (d + h) + 2 * h), "lstm": 4 * (h * (d + h) + 2 * h)}


def lstm_cell_step(zi: float, zf: float, zg: float, zo: float, c_prev: float) -> dict:
    """One step of a one-unit LSTM from its four gate pre-activations and c_{t−1}: h_t."""
    i, f, o = _sigmoid(zi), _sigmoid(zf), _sigmoid(zo)
    g = math.tanh(zg)
    c = f * c_prev + i * g
    h = o * math.tanh(c)
    r = lambda x: f"{x:.4f}"  # noqa: E731
    return {"answer": h, "i": r(i), "f": r(f), "g": r(g), "o": r(o), "c": r(c)}


def lstm_cell_gradient(bf: float, steps: int) -> dict:
    """∂c_T/∂c_0 along the cell state of an LSTM whose inputs and recurrent weights are zero,
    so every forget gate equals σ(b_f): the product of T forget gates, σ(b_f)^T."""
    if steps < 1:
        raise ValueError("need at least one step")
    f = _sigmoid(bf)
    return {"answer": f ** steps, "f": f"{f:.4f}"}


def forget_memory_steps(b_f: float, eps: float) -> dict:
    """With input and recurrent weights at 0 and forget-gate bias b_f, the cell state decays
    as c_t = σ(b_f)·c_{t−1}, so ∂c_T/∂c_0 = σ(b_f)^T. Smallest T with σ(b_f)^T < eps."""
    if not 0 < eps < 1:
        raise ValueError("eps must be in (0, 1)")
    f = 1.0 / (1.0 + math.exp(-b_f))
    t = math.ceil(math.log(eps) / math.log(f))
    if f**t >= eps:  # log ratio an exact integer: the bound is reached, not passed
        t += 1
    return {"answer": t, "f": f"{f:.4f}", "half_life": f"{math.log(0.5) / math.log(f):.3g}"}
